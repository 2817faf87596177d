package io.github.vedirect.simulator;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * The built-in simulated devices, by model name:
 * <ul>
 *   <li>{@code bmv702}: BMV-702 battery monitor, main and history blocks in turn;</li>
 *   <li>{@code smartshunt}: SmartShunt 500A/50mV, main and history blocks in turn;</li>
 *   <li>{@code mppt}: SmartSolar MPPT 100/20, one block per tick, async HEX frames after some,
 *       answering HEX;</li>
 *   <li>{@code mppt-split}: SmartSolar MPPT 150/70 rev2, its record split over two blocks with
 *       async HEX frames between them;</li>
 *   <li>{@code bmv712}: BMV-712 Smart, main and history blocks in turn, answering HEX.</li>
 * </ul>
 * Each device simulates its own battery, loads and sun; the sun follows the local time of day.
 */
public final class Simulators {

    private static final List<String> MODELS = List.of(
            Bmv702.MODEL, SmartShunt.MODEL, SmartSolarMppt.MODEL, SmartSolarMpptSplit.MODEL, Bmv712.MODEL);

    /**
     * The seed of a simulated device whose source names none: the {@code vedirect} component's default, and
     * the one the logger keeps for its unnamed device, so a lone simulated device gives the values it always gave.
     */
    public static final long DEFAULT_SEED = 1;

    private Simulators() {
    }

    /**
     * The seed for a simulated device called {@code name} (the logger's {@code vedirect.port.NAME}) whose source
     * names none: FNV-1a of the name's UTF-8 bytes. Two simulated devices of one model with one seed send
     * nearly the same values, which hides a mix-up of the two in a destination; a seed of the name makes each
     * differ, and keeps each one's values from one run to the next.
     */
    public static long seedOf(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash;
    }

    /**
     * A simulated device whose sun follows the system's time zone.
     *
     * @throws IllegalArgumentException for a model not in {@link #models()} (case does not matter)
     */
    public static SimulatedDevice create(String model, long seed) {
        return create(model, seed, ZoneId.systemDefault());
    }

    /**
     * A simulated device whose sun follows the local time of day in {@code zone}. The same model,
     * seed and zone give the same bytes for the same sequence of instants.
     *
     * @throws IllegalArgumentException for a model not in {@link #models()} (case does not matter)
     */
    public static SimulatedDevice create(String model, long seed, ZoneId zone) {
        String name = model == null ? "" : model.toLowerCase(Locale.ROOT);
        switch (name) {
            case Bmv702.MODEL:
                return Bmv702.create(seed, zone);
            case SmartShunt.MODEL:
                return SmartShunt.create(seed, zone);
            case SmartSolarMppt.MODEL:
                return SmartSolarMppt.create(seed, zone);
            case SmartSolarMpptSplit.MODEL:
                return SmartSolarMpptSplit.create(seed, zone);
            case Bmv712.MODEL:
                return Bmv712.create(seed, zone);
            default:
                throw new IllegalArgumentException(
                        "unknown simulated device '" + model + "'; known models: " + String.join(", ", MODELS));
        }
    }

    /** The model names {@link #create} knows, e.g. "bmv702". */
    public static List<String> models() {
        return MODELS;
    }
}
