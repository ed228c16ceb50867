package org.stele.api.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.stele.archive.reading.BlobReads;
import org.stele.archive.reading.VersionRecord;
import org.stele.domain.Digest;

/**
 * Renders a version's model card (Markdown) for its landing page. The card is the authors' text, so it is
 * treated as hostile: raw HTML is escaped, not passed through, and links with unsafe schemes (javascript:,
 * vbscript:, data: …) are emptied. The page's Content-Security-Policy is the second line of defence.
 */
@ApplicationScoped
public class ModelCards {
    /** Larger cards are shown truncated; the file itself is downloadable whole. */
    static final int MAX_BYTES = 512 * 1024;

    private final BlobReads reads;
    private final Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .extensions(List.of(TablesExtension.create()))
            .escapeHtml(true)
            .sanitizeUrls(true)
            .build();

    ModelCards(BlobReads reads) {
        this.reads = reads;
    }

    /** The card of a version as safe HTML, if it has one (README.md preferred among model-card files). */
    public Optional<String> html(VersionRecord version) {
        if ("withdrawn".equals(version.state())) {
            return Optional.empty();
        }
        Optional<VersionRecord.FileEntry> card = version.files().stream()
                .filter(f -> "model-card".equals(f.kind()))
                .min(Comparator.comparing((VersionRecord.FileEntry f) -> !f.path().equals("README.md")).thenComparing(VersionRecord.FileEntry::path));
        if (card.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = reads.open(Digest.parse(card.get().digest()), 0, Math.min(card.get().size(), MAX_BYTES))) {
            return Optional.of(render(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.of("<p>The model card could not be read.</p>");
        }
    }

    String render(String markdown) {
        return renderer.render(parser.parse(withoutFrontMatter(markdown)));
    }

    /** Hugging Face cards start with YAML front matter between '---' lines; it is metadata, not prose. */
    static String withoutFrontMatter(String markdown) {
        String text = markdown.startsWith("\uFEFF") ? markdown.substring(1) : markdown;
        if (!text.startsWith("---\n") && !text.startsWith("---\r\n")) {
            return text;
        }
        int end = text.indexOf("\n---", 3);
        if (end < 0) {
            return text;
        }
        int next = text.indexOf('\n', end + 4);
        return next < 0 ? "" : text.substring(next + 1);
    }
}
