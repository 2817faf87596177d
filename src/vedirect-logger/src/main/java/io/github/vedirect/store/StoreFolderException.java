package io.github.vedirect.store;

/** The store's folder cannot be created or written: a setting to fix, not a fault to ride out. */
public class StoreFolderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreFolderException(String problem, Throwable cause) {
        super(problem, cause);
    }
}
