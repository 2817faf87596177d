package io.github.vedirect.store;

import java.time.Instant;

/**
 * What a destination has not yet taken of the store: how many records, and the oldest one's time (null when none).
 */
public record Backlog(long records, Instant oldest) {

    public static final Backlog NONE = new Backlog(0, null);

    /** Both backlogs together: the counts added, the older oldest time. */
    public Backlog plus(Backlog other) {
        Instant older = oldest == null ? other.oldest : other.oldest == null || oldest.isBefore(other.oldest) ? oldest : other.oldest;
        return new Backlog(records + other.records, older);
    }
}
