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

    private Simulators() {
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
