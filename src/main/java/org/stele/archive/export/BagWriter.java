package org.stele.archive.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one bag (BagIt 1.0, RFC 8493) as a zip, streaming: each payload file goes from storage through SHA-256
 * and SHA-512 into the zip in a fixed buffer, so memory stays flat whatever the size and nothing touches local
 * disk. The manifests come after the payload (their SHA-512 lines are only known then), the tag manifest last.
 * Payload entries are deflated at level 0 (weights do not compress; the CPU goes to hashing), and
 * {@link ZipOutputStream} switches to ZIP64 for entries and archives past 4 GiB.
 */
public final class BagWriter {
    private static final int BUFFER = 64 * 1024;

    /** One payload file: its path under {@code data/}, its size and the SHA-256 the archive holds for it. */
    public record PayloadFile(String path, long size, String sha256Hex) {
    }

    /** Opens the stored bytes of a payload file. */
    public interface Payload {
        InputStream open(PayloadFile file) throws IOException;
    }

    private final String bagName;
    private final Map<String, String> bagInfo;
    private final Map<String, byte[]> metadata;
    private final List<PayloadFile> files;

    /**
     * @param bagName  the directory every entry sits under in the zip (the bag's base directory)
     * @param bagInfo  bag-info.txt fields other than Payload-Oxum and Bagging-Date, in order
     * @param metadata tag files by path relative to the bag (e.g. {@code metadata/record.json})
     */
    public BagWriter(String bagName, Map<String, String> bagInfo, Map<String, byte[]> metadata, List<PayloadFile> files) {
        this.bagName = bagName;
        this.bagInfo = bagInfo;
        this.metadata = metadata;
        this.files = files;
    }

    public void write(OutputStream out, Payload payload, LocalDate baggingDate) throws IOException {
        Map<String, byte[]> tagFiles = new LinkedHashMap<>();
        tagFiles.put("bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".getBytes(StandardCharsets.UTF_8));
        tagFiles.put("bag-info.txt", bagInfo(baggingDate).getBytes(StandardCharsets.UTF_8));
        tagFiles.putAll(metadata);

        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        for (Map.Entry<String, byte[]> tag : tagFiles.entrySet()) {
            entry(zip, tag.getKey(), tag.getValue());
        }
        StringBuilder sha256 = new StringBuilder();
        StringBuilder sha512 = new StringBuilder();
        zip.setLevel(Deflater.NO_COMPRESSION);
        byte[] buffer = new byte[BUFFER];
        for (PayloadFile file : files) {
            MessageDigest d256 = digest("SHA-256");
            MessageDigest d512 = digest("SHA-512");
            zip.putNextEntry(new ZipEntry(bagName + "/data/" + file.path()));
            long copied = 0;
            try (InputStream in = payload.open(file)) {
                for (int n; (n = in.read(buffer)) > 0; copied += n) {
                    d256.update(buffer, 0, n);
                    d512.update(buffer, 0, n);
                    zip.write(buffer, 0, n);
                }
            }
            zip.closeEntry();
            String actual = HexFormat.of().formatHex(d256.digest());
            if (copied != file.size() || !actual.equals(file.sha256Hex())) {
                // Every byte served is verified: a damaged blob ends the bag here rather than slipping into it.
                throw new IOException("stored bytes of " + file.path() + " do not match the catalog (sha256:" + actual
                        + ", " + copied + " bytes); the bag was cut short");
            }
            String path = "data/" + encode(file.path());
            sha256.append(actual).append("  ").append(path).append('\n');
            sha512.append(HexFormat.of().formatHex(d512.digest())).append("  ").append(path).append('\n');
        }
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        Map<String, byte[]> manifests = new LinkedHashMap<>();
        manifests.put("manifest-sha256.txt", sha256.toString().getBytes(StandardCharsets.UTF_8));
        manifests.put("manifest-sha512.txt", sha512.toString().getBytes(StandardCharsets.UTF_8));
        tagFiles.putAll(manifests);
        for (Map.Entry<String, byte[]> manifest : manifests.entrySet()) {
            entry(zip, manifest.getKey(), manifest.getValue());
        }
        StringBuilder tagManifest = new StringBuilder();
        tagFiles.forEach((path, bytes) -> tagManifest.append(HexFormat.of().formatHex(digest("SHA-256").digest(bytes)))
                .append("  ").append(encode(path)).append('\n'));
        entry(zip, "tagmanifest-sha256.txt", tagManifest.toString().getBytes(StandardCharsets.UTF_8));
        zip.finish();
        zip.flush();
    }

    private String bagInfo(LocalDate baggingDate) {
        long octets = files.stream().mapToLong(PayloadFile::size).sum();
        StringBuilder info = new StringBuilder();
        bagInfo.forEach((label, value) -> info.append(label).append(": ").append(oneLine(value)).append('\n'));
        info.append("Bagging-Date: ").append(baggingDate).append('\n');
        info.append("Payload-Oxum: ").append(octets).append('.').append(files.size()).append('\n');
        return info.toString();
    }

    private void entry(ZipOutputStream zip, String path, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(bagName + "/" + path));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** RFC 8493 §2.1.3: in manifests, CR, LF and % in a path are percent-encoded. */
    static String encode(String path) {
        return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** bag-info values are single lines here: line breaks in titles or names become spaces. */
    private static String oneLine(String value) {
        return value.replaceAll("[\\r\\n]+", " ").strip();
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java platform", e);
        }
    }
}
