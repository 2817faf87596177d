package io.github.vedirect.protocol;

import java.util.Locale;

/** What a device answered to a {@link HexCommand}: a value, or why not, in one line naming the register. */
public sealed interface HexReply permits HexReply.Success, HexReply.Failure {

    HexCommand command();

    /** Why a command did not give a value. */
    enum Kind {
        /** Flag 0x01: the device does not have the register. */
        UNKNOWN_ID,
        /** Flag 0x02: e.g. a write to a read-only register. */
        NOT_SUPPORTED,
        /** Flag 0x04: a value outside what the device accepts, or a history day it does not have. */
        PARAMETER_ERROR,
        /** Flags the doc does not describe. */
        UNEXPECTED_FLAGS,
        /** Reply 0x3: the device does not know the command. */
        UNKNOWN_COMMAND,
        /** Reply 0x4 (0xAAAA): the device could not read the frame. */
        FRAME_ERROR,
        /** Flags 0 but a value the catalogue cannot read (wrong length). */
        BAD_VALUE
    }

    /**
     * @param bytes the value bytes (register commands) or the whole payload (ping, app version, product id)
     * @param value typed through the catalogue; null when the command is not about a catalogue register
     */
    record Success(HexCommand command, byte[] bytes, HexValue value) implements HexReply {

        public Success {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The bytes as one little-endian unsigned number. */
        public long unsigned() {
            long result = 0;
            for (int i = Math.min(bytes.length, 8) - 1; i >= 0; i--) {
                result = result << 8 | (bytes[i] & 0xFF);
            }
            return result;
        }

        /**
         * Ping and app version replies: the low 12 bits as hex digits, 0x4116 is "1.16" (doc 7.2). The
         * top bits, a firmware type, are left out: the doc does not confirm their meaning.
         */
        public String firmwareVersion() {
            long version = unsigned();
            return String.format(Locale.ROOT, "%X.%02X", (version >> 8) & 0xF, version & 0xFF);
        }

        @Override
        public String toString() {
            return command.name() + " = " + (value != null ? value : "0x" + Long.toHexString(unsigned()).toUpperCase(Locale.ROOT));
        }
    }

    /** @param message one line, starting with the register (or command) it is about */
    record Failure(HexCommand command, Kind kind, String message) implements HexReply {
        @Override
        public String toString() {
            return message;
        }
    }
}
