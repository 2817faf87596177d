package io.github.vedirect.component;

import org.apache.camel.spi.Metadata;

/** Headers of the exchanges a {@code vedirect:} consumer creates, one per valid block. */
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

    private VeDirectConstants() {
    }
}
