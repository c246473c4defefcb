package io.sockscope.bpf;

/** The probes could not be opened, loaded or attached; the message says what to do about it. */
public class BpfException extends RuntimeException {
    public BpfException(String message) {
        super(message);
    }

    public BpfException(String message, Throwable cause) {
        super(message, cause);
    }
}
