package org.stele.config;

/** A configuration Stele cannot start with; the message is the one line an operator reads. */
public class ConfigurationProblem extends RuntimeException {
    public ConfigurationProblem(String message) {
        super(message);
    }

    public ConfigurationProblem(String message, Throwable cause) {
        super(message, cause);
    }
}
