package io.github.vedirect.store;

import io.github.vedirect.component.VeDirectRecord;

import java.time.Instant;

/**
 * A record as the store keeps it: its position (the order records were stored in, increasing, never reused), the
 * device's identity as it was when the record came, the record's time and its fields as the device sent them
 * (numbers as {@code Long}, text as {@code String}, as in {@link VeDirectRecord}).
 */
public record StoredRecord(long position, String device, String product, String serial, Instant time, VeDirectRecord fields) {
}
