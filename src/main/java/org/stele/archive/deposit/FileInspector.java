package org.stele.archive.deposit;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.stele.archive.reading.BlobReads;
import org.stele.domain.Digest;
import org.stele.domain.files.DataDescriptor;
import org.stele.domain.files.FileFacts;
import org.stele.domain.files.FileKind;
import org.stele.domain.files.GgufHeader;
import org.stele.domain.files.ModelCard;
import org.stele.domain.files.SafetensorsHeader;

/**
 * Reads what a file says about itself when it is added to a draft: weights headers and model-card front
 * matter. Only the first bytes are opened (a bounded ranged read), so a 100 GB file costs a header read.
 */
@ApplicationScoped
public class FileInspector {
    private final BlobReads reads;

    FileInspector(BlobReads reads) {
        this.reads = reads;
    }

    /** The facts of a stored file, or null when its kind and name carry none. Never fails on bad content. */
    public FileFacts inspect(String path, FileKind kind, Digest digest, long size) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        try {
            if (kind == FileKind.WEIGHTS && name.endsWith(".safetensors")) {
                try (InputStream in = reads.open(digest, 0, SafetensorsHeader.bytesToRead(size))) {
                    return SafetensorsHeader.read(in, size);
                }
            }
            if (kind == FileKind.WEIGHTS && name.endsWith(".gguf")) {
                try (InputStream in = reads.open(digest, 0, GgufHeader.bytesToRead(size))) {
                    return GgufHeader.read(in);
                }
            }
            if (kind == FileKind.DATA_DESCRIPTOR && name.endsWith(".json")) {
                if (size > DataDescriptor.MAX_BYTES) {
                    return DataDescriptor.read(new byte[0], size);
                }
                try (InputStream in = reads.open(digest, 0, size)) {
                    return DataDescriptor.read(in.readAllBytes(), size);
                }
            }
            if (kind == FileKind.MODEL_CARD && name.endsWith(".md")) {
                try (InputStream in = reads.open(digest, 0, Math.min(size, ModelCard.MAX_READ_BYTES))) {
                    return ModelCard.parse(in.readAllBytes(), size);
                }
            }
        } catch (IOException e) {
            return FileFacts.warning(kind.label(), "could not read " + path + " to describe it: " + e.getMessage());
        }
        return null;
    }
}
