package org.stele.api.web;

import static io.restassured.RestAssured.given;
import static org.stele.support.Deposits.AUTH;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stele.support.Bytes;
import org.stele.support.Deposits;
import org.stele.support.ModelSigning;

/** Deposits for the home, search and model page tests, through the HTTP API, and reading their pages' facet counts. */
final class BrowseFixtures {
    private static final Pattern FACET = Pattern.compile(
            "data-facet=\"([^\"]+)\" data-value=\"([^\"]*)\" data-count=\"(\\d+)\"");
    private static final Pattern COUNT = Pattern.compile("id=\"count-(\\w+)\"[^>]*>([^<]+)<");

    private BrowseFixtures() {
    }

    /** A fresh namespace name. */
    static String namespace(String stem) {
        return Deposits.uniqueName(stem);
    }

    /** A model card with this front matter (YAML lines). */
    static byte[] card(String... frontMatter) {
        return ("---\n" + String.join("\n", frontMatter) + "\n---\n# A model\n\nFor tests.\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A new model of {@code namespace}; answers "ns/name". */
    static String model(String namespace, String stem, boolean restricted) {
        return Deposits.model(namespace, stem, restricted);
    }

    /** Publishes version {@code label} of {@code model} under {@code license} with a README card and one weights file. */
    static void publish(String model, String label, String license, byte[] readme) {
        publish(model, label, license, readme, null, null);
    }

    /** The same, under embargo until {@code embargoUntil} (if given), signed with {@code key} (if given). */
    static void publish(String model, String label, String license, byte[] readme, Instant embargoUntil, KeyPair key) {
        Map<String, Object> body = new HashMap<>(Map.of("version", label, "license", license));
        if (embargoUntil != null) {
            body.put("embargoUntil", embargoUntil.toString());
        }
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(body)
                .post("/api/v1/models/" + model + "/versions").then().statusCode(201);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.md", readme);
        files.put("w.bin", Bytes.random(500, (model + label).hashCode()));
        files.forEach((path, bytes) -> Deposits.putFile(model, label, path, bytes).statusCode(201));
        if (key != null) {
            try {
                Deposits.putFile(model, label, "model.sig", ModelSigning.sign(key, files, List.of("model.sig"))).statusCode(201);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Deposits.publish(model, label).statusCode(200);
    }

    /** A signing key registered in {@code namespace} by the admin. */
    static KeyPair signingKey(String namespace) throws Exception {
        KeyPair pair = ModelSigning.keyPair("secp256r1");
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body(Map.of("publicKeyPem", ModelSigning.pem(pair), "label", "browse tests"))
                .post("/api/v1/namespaces/" + namespace + "/signing-keys").then().statusCode(201);
        return pair;
    }

    static void withdraw(String model, String label) {
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("reason", "Superseded"))
                .post("/api/v1/models/" + model + "/versions/" + label + "/withdraw").then().statusCode(200);
    }

    static void alias(String model, String alias, String label) {
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("version", label))
                .put("/api/v1/models/" + model + "/aliases/" + alias).then().statusCode(200);
    }

    /** The counts of a facet in a page's HTML, value → count ("" for "none given"). */
    static Map<String, Long> facet(String html, String facet) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Matcher m = FACET.matcher(html);
        while (m.find()) {
            if (m.group(1).equals(facet)) {
                counts.put(m.group(2), Long.parseLong(m.group(3)));
            }
        }
        return counts;
    }

    /** The page's count of "models", "versions" or "bytes" as shown. */
    static String count(String html, String which) {
        Matcher m = COUNT.matcher(html);
        while (m.find()) {
            if (m.group(1).equals(which)) {
                return m.group(2).strip();
            }
        }
        return null;
    }
}
