package io.github.vedirect.destinations;

import io.github.vedirect.protocol.HexRegister;
import io.github.vedirect.protocol.HexValue;

import java.math.BigDecimal;

/**
 * HEX get and set on a device the logger reads, by its name: what MQTT control needs of the devices, kept to an
 * interface so that the MQTT side does not know how a device's connection is found. Both block until the device
 * answered (a few hundred ms, up to about 1.5 s for a device that does not answer).
 */
public interface DeviceCommands {

    /**
     * @throws io.github.vedirect.hex.HexException when the device refuses or does not answer, or is not being read
     */
    HexValue get(String device, HexRegister register);

    /**
     * A set with the session's safety rules (range, flash guard), done only when the value read back afterwards is
     * the one asked for.
     *
     * @return the value read back
     * @throws io.github.vedirect.protocol.HexValueException when the value is refused before anything is sent
     * @throws io.github.vedirect.hex.HexException           when the device refused it or the read-back differs
     */
    HexValue set(String device, HexRegister register, BigDecimal value);
}
