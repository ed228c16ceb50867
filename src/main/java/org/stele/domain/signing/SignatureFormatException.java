package org.stele.domain.signing;

/** A signature document that is not in the OpenSSF model_signing format this archive reads, with the reason. */
public class SignatureFormatException extends IllegalArgumentException {
    public SignatureFormatException(String message) {
        super(message);
    }
}
