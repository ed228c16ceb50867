package org.stele.archive.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stele.archive.reading.VersionRecord;
import org.stele.domain.Author;
import org.stele.domain.License;

/**
 * The RO-Crate 1.1 metadata of a bag. The crate is the whole bag: its root ({@code ./}) is the bag's base directory
 * and the files are named by their paths in it ({@code data/…}); the metadata file itself is kept with the other
 * tag files under {@code metadata/}, as Stele's bags put every descriptive document there.
 */
final class RoCrate {
    static final String CONTEXT = "https://w3id.org/ro/crate/1.1/context";
    static final String SPEC = "https://w3id.org/ro/crate/1.1";

    private RoCrate() {
    }

    /**
     * The JSON-LD document, as plain maps for the caller's JSON writer.
     *
     * @param identifierUrl the URL that resolves the version's identifier: doi.org only for a registered DOI
     */
    static Map<String, Object> of(VersionRecord v, String landingUrl, String identifierUrl) {
        List<Object> graph = new ArrayList<>();
        graph.add(node("ro-crate-metadata.json", "CreativeWork",
                "conformsTo", ref(SPEC), "about", ref("./")));
        List<Object> authors = new ArrayList<>();
        List<Object> people = new ArrayList<>();
        List<Author> list = v.authors() == null ? List.of() : v.authors();
        for (int i = 0; i < list.size(); i++) {
            Author a = list.get(i);
            String id = a.orcid() != null ? "https://orcid.org/" + a.orcid() : "#author-" + (i + 1);
            authors.add(ref(id));
            Map<String, Object> person = node(id, "Person", "name", a.name());
            if (a.affiliation() != null) {
                person.put("affiliation", a.affiliation());
            }
            people.add(person);
        }
        Map<String, Object> root = node("./", "Dataset",
                "identifier", List.of(identifierUrl, v.manifestDigest()),
                "url", landingUrl,
                "name", v.title(),
                "description", v.description() == null ? "" : v.description(),
                "version", v.version(),
                "datePublished", v.publishedAt().toString(),
                "license", ref(licenseUrl(v.license())),
                "keywords", v.keywords() == null ? List.of() : v.keywords(),
                "author", authors,
                "hasPart", v.files().stream().map(f -> ref("data/" + f.path())).toList());
        graph.add(root);
        for (VersionRecord.FileEntry f : v.files()) {
            graph.add(node("data/" + f.path(), "File", "name", f.path(), "contentSize", String.valueOf(f.size()),
                    "encodingFormat", f.mediaType(), "sha256", f.digest().substring("sha256:".length())));
        }
        graph.addAll(people);
        Map<String, Object> crate = new LinkedHashMap<>();
        crate.put("@context", CONTEXT);
        crate.put("@graph", graph);
        return crate;
    }

    private static String licenseUrl(String license) {
        return license == null || License.OTHER.equals(license) ? "#license-other" : "https://spdx.org/licenses/" + license;
    }

    private static Map<String, Object> ref(String id) {
        return Map.of("@id", id);
    }

    private static Map<String, Object> node(String id, String type, Object... pairs) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("@id", id);
        node.put("@type", type);
        for (int i = 0; i < pairs.length; i += 2) {
            node.put((String) pairs[i], pairs[i + 1]);
        }
        return node;
    }
}
