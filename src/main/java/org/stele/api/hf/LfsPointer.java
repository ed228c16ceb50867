package org.stele.api.hf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.stele.domain.Digest;

/**
 * The Git LFS pointer file a Hugging Face repo would hold for a file: what {@code /raw} serves, and whose
 * git blob SHA-1 is the {@code oid} of the file in tree listings. Every archived file is LFS-class, so
 * clients name it by its SHA-256 and can check the bytes against it.
 */
record LfsPointer(byte[] text, String oid) {

    static LfsPointer of(Digest sha256, long size) {
        byte[] text = ("version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256.hex() + "\nsize " + size + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        return new LfsPointer(text, gitBlobSha1(text));
    }

    int size() {
        return text.length;
    }

    /** Git's object id of a blob: SHA-1 over {@code blob <length>}, a NUL byte, then the content. */
    static String gitBlobSha1(byte[] content) {
        ByteArrayOutputStream object = new ByteArrayOutputStream(content.length + 24);
        object.writeBytes(("blob " + content.length).getBytes(StandardCharsets.US_ASCII));
        object.write(0);
        object.writeBytes(content);
        return sha1(object.toByteArray());
    }

    static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
