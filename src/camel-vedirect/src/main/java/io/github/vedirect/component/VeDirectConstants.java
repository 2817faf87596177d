package io.github.vedirect.component;

import org.apache.camel.spi.Metadata;

/**
 * Headers of the exchanges a {@code vedirect:} consumer creates, one per valid block, and of the HEX
 * commands a {@code vedirect:} producer sends.
 */
public final class VeDirectConstants {

    @Metadata(label = "consumer", important = true, description = "The source the block came from, as written in the endpoint URI: `/dev/ttyUSB0`, "
            + "`tcp:host:port`, `replay:file` or `simulator:model`. One source is one device: use it to correlate.",
            javaType = "String")
    public static final String SOURCE = "CamelVeDirectSource";

    @Metadata(label = "consumer", description = "The product id (`PID`) as the device sends it, e.g. `0xA053`. Blocks without a PID "
            + "(a BMV's history block) carry the last one seen on the same source.", javaType = "String")
    public static final String PRODUCT_ID = "CamelVeDirectProductId";

    @Metadata(label = "consumer", description = "The product's name for its id, e.g. `SmartSolar MPPT 75/15`.", javaType = "String")
    public static final String PRODUCT_NAME = "CamelVeDirectProductName";

    @Metadata(label = "consumer", description = "The serial number (`SER#`) when the device sends one (MPPTs, inverters, chargers).",
            javaType = "String")
    public static final String SERIAL_NUMBER = "CamelVeDirectSerialNumber";

    @Metadata(label = "consumer", description = "When the block's last byte arrived.", javaType = "java.time.Instant")
    public static final String RECEIVED_AT = "CamelVeDirectReceivedAt";

    @Metadata(label = "consumer", description = "Number of this block among those the consumer has emitted, from 1.", javaType = "long")
    public static final String BLOCK_NUMBER = "CamelVeDirectBlockNumber";

    @Metadata(label = "consumer", description = "Number of the connection the block came over, from 1, incremented each time the "
            + "source is (re)opened: a record never joins blocks of two connections.", javaType = "long")
    public static final String CONNECTION = "CamelVeDirectConnection";

    @Metadata(label = "consumer", description = "The decoder's counters since the consumer started: bytes, blocks, checksum errors, "
            + "malformed blocks, HEX frames, bad HEX frames, skipped bytes.",
            javaType = "io.github.vedirect.protocol.DecoderStats")
    public static final String DECODER_STATS = "CamelVeDirectDecoderStats";

    @Metadata(label = "consumer", description = "Blocks with a checksum error since the consumer started (also in the decoder stats).",
            javaType = "long")
    public static final String CHECKSUM_ERRORS = "CamelVeDirectChecksumErrors";

    @Metadata(label = "consumer", description = "On a record made by the aggregation strategy: how many blocks it joins.", javaType = "int")
    public static final String RECORD_BLOCKS = "CamelVeDirectRecordBlocks";

    @Metadata(label = "producer", important = true, description = "The HEX command to send: `ping` and `appVersion` (body: the "
            + "firmware version, e.g. `1.59`), `productId` (body: e.g. `0xA05F`), `get` (body: the register's typed value, "
            + "a `HexValue` such as `13.80 V`, or a `HexHistory.Day`/`HexHistory.Total` for the history registers) or "
            + "`set` (body: the value read back after the write). Overrides the endpoint's `command` option.",
            javaType = "String", enums = "ping,appVersion,productId,get,set")
    public static final String COMMAND = "CamelVeDirectCommand";

    @Metadata(label = "producer", important = true, description = "The register a `get` or `set` is about: its id (`0xEDF0`) or "
            + "its catalogue name (`batteryMaximumCurrent`), see the registers table. A `get` also takes an id the catalogue does "
            + "not have (body: the raw value bytes). Overrides the endpoint's `register` option. On the exchanges of async "
            + "frames (consumer option `asyncHex`) it carries the register id, e.g. `0xEDD5`.", javaType = "String")
    public static final String REGISTER = "CamelVeDirectRegister";

    @Metadata(label = "producer", description = "The value a `set` writes, in the register's unit: a number (`12.5`), or text with "
            + "or without the unit (`12.5 A`). When absent the body is used.", javaType = "Object")
    public static final String VALUE = "CamelVeDirectValue";

    @Metadata(label = "producer", description = "After a `get` or `set`: the unit of the value in the body (`V`, `A`, `kWh`; empty "
            + "for a count, a code or a record).", javaType = "String")
    public static final String UNIT = "CamelVeDirectUnit";

    @Metadata(label = "producer", description = "After a `get` or `set`: the value as the device sent it, before scaling: a `Long` for "
            + "numbers (the 150 of `15.0 A`), the bytes in hex for text and records.", javaType = "Object")
    public static final String RAW_VALUE = "CamelVeDirectRawValue";

    @Metadata(label = "producer", description = "After a `set`: false when the register, kept in flash, already held the value and "
            + "so was not written (flash is read first to spare it), true when it was written and read back.",
            javaType = "Boolean")
    public static final String WRITTEN = "CamelVeDirectWritten";

    private VeDirectConstants() {
    }
}
