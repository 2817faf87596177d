package io.github.vedirect.domoticz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import party.iroiro.luajava.Lua;
import party.iroiro.luajava.LuaException;
import party.iroiro.luajava.lua54.Lua54;

/**
 * One run of a Lua parser in a fresh Lua 5.4 state, with the environment Domoticz gives it
 * (main/LuaHandler.cpp): the standard libraries, {@code print} going to the log, {@code uri},
 * {@code request.content}, {@code hwdId}, {@code domoticz_updateDevice}, {@code domoticz_applyJsonPath} and the
 * device tables of CEventSystem::ExportDeviceStatesToLua (see {@link ParserDevice}).
 * Domoticz runs Lua 5.3; the two agree on everything a parser does with strings and numbers, including
 * tostring() of a float ({@code 54645.0}).
 *
 * <p>Split in two like Domoticz: {@link #load} compiles (a missing file or a syntax error is known before
 * the HTTP answer), {@link #run} executes, usually on another thread, and closes the state.
 */
final class LuaParserRun {

    /** Where the run reports what it did. Called from the thread running the script. */
    interface Sink {
        void update(DeviceUpdate update);

        void log(ScriptLogLine line);
    }

    /** Domoticz's own limit: the count hook stops a script after this many VM instructions. */
    static final long DEFAULT_INSTRUCTION_LIMIT = 10_000_000L;

    private final Lua lua;
    private final String scriptName;
    private final Sink sink;
    private final long instructionLimit;

    private LuaParserRun(Lua lua, String scriptName, Sink sink, long instructionLimit) {
        this.lua = lua;
        this.scriptName = scriptName;
        this.sink = sink;
        this.instructionLimit = instructionLimit;
    }

    /**
     * Builds the environment and compiles {@code file}. Returns null, after logging the reason, when the
     * file is missing or does not compile: Domoticz then answers {@code {"status":"ERR"}}.
     */
    static LuaParserRun load(Path file, String scriptName, Map<String, String> uri, String content,
            List<ParserDevice> devices, Sink sink, long instructionLimit) {
        byte[] source;
        try {
            source = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            sink.log(new ScriptLogLine(Instant.now(), scriptName, true, "cannot open " + file));
            return null;
        } catch (IOException e) {
            sink.log(new ScriptLogLine(Instant.now(), scriptName, true, "cannot read " + file + ": " + e));
            return null;
        }
        Lua lua = new Lua54();
        LuaParserRun run = new LuaParserRun(lua, scriptName, sink, instructionLimit);
        try {
            run.installEnvironment(uri, content, devices);
            ByteBuffer buffer = ByteBuffer.allocateDirect(source.length);
            buffer.put(source).flip();
            // "@" + path is the chunk name luaL_loadfile uses, so messages read "…/vedirect.lua:12: …".
            lua.load(buffer, "@" + file);
            return run;
        } catch (LuaException e) {
            sink.log(new ScriptLogLine(Instant.now(), scriptName, true, e.getMessage()));
            lua.close();
            return null;
        } catch (RuntimeException e) {
            lua.close();
            throw e;
        }
    }

    /** Runs the compiled script to its end (or its first error) and closes the state. */
    void run() {
        try {
            // Taken into locals first so a script that redefines the globals cannot dodge the limit.
            lua.run("local sethook, err = debug.sethook, error\n"
                    + "sethook(function() sethook(); err('LuaHandler: Lua script execution exceeds maximum number"
                    + " of instructions', 0) end, '', " + instructionLimit + ")");
            lua.pCall(0, 0);
        } catch (LuaException e) {
            sink.log(new ScriptLogLine(Instant.now(), scriptName, true, e.getMessage()));
        } finally {
            lua.close();
        }
    }

    /** Closes a loaded script that will not run. */
    void discard() {
        lua.close();
    }

    private void installEnvironment(Map<String, String> uri, String content, List<ParserDevice> devices) {
        lua.openLibraries();
        // luajava adds a "java" table for scripting the JVM; Domoticz has nothing of the kind.
        lua.pushNil();
        lua.setGlobal("java");

        lua.push(this::print);
        lua.setGlobal("print");
        lua.push(this::updateDevice);
        lua.setGlobal("domoticz_updateDevice");
        lua.push(this::applyJsonPath);
        lua.setGlobal("domoticz_applyJsonPath");
        lua.push(0L);
        lua.setGlobal("hwdId");

        lua.createTable(0, 1);
        lua.push(content);
        lua.setField(-2, "content");
        lua.setGlobal("request");

        lua.createTable(0, uri.size());
        for (Map.Entry<String, String> parameter : uri.entrySet()) {
            lua.push(parameter.getValue());
            lua.setField(-2, parameter.getKey());
        }
        lua.setGlobal("uri");

        // CLuaHandler::executeLuaScript (main/LuaHandler.cpp) calls CEventSystem::ExportDeviceStatesToLua and
        // nothing else of the event system: a parser gets these five tables, keyed by device name, and not
        // uservariables, otherdevices_scenesgroups or the per-type tables (otherdevices_temperature...) that
        // event scripts get. With the event system disabled Domoticz never loads its device states, so the
        // tables are empty: an empty device list here is that case. Devices go in idx order, as Domoticz
        // walks its std::map by ID, so of two devices sharing a name the higher idx is the one left.
        List<ParserDevice> byIdx = devices.stream()
                .sorted(java.util.Comparator.comparingInt(ParserDevice::idx)).toList();
        installTable("otherdevices", byIdx, d -> lua.push(d.state()));
        installTable("otherdevices_lastupdate", byIdx, d -> lua.push("2025-01-01 00:00:00"));
        installTable("otherdevices_svalues", byIdx, d -> lua.push(d.svalue()));
        installTable("otherdevices_idx", byIdx, d -> lua.push((long) d.idx()));
        installTable("otherdevices_lastlevel", byIdx, d -> lua.push(0L));
    }

    private void installTable(String name, List<ParserDevice> devices,
            java.util.function.Consumer<ParserDevice> pushValue) {
        lua.createTable(0, devices.size());
        for (ParserDevice device : devices) {
            pushValue.accept(device);
            lua.setField(-2, device.name());
        }
        lua.setGlobal(name);
    }

    /** Lua string or number at {@code index} as text, converting a number the way lua_tostring does. */
    private static String text(Lua lua, int index) {
        ByteBuffer bytes = lua.toBuffer(index);
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return new String(array, StandardCharsets.UTF_8);
    }

    private int print(Lua l) {
        int arguments = l.getTop();
        for (int i = 1; i <= arguments; i++) {
            // Domoticz logs each string (or number) argument as its own line and skips the rest.
            if (l.isString(i)) {
                sink.log(new ScriptLogLine(Instant.now(), scriptName, false, text(l, i)));
            }
        }
        return 0;
    }

    private void error(String message) {
        sink.log(new ScriptLogLine(Instant.now(), scriptName, true, message));
    }

    private int updateDevice(Lua l) {
        int arguments = l.getTop();
        if (arguments < 3 || arguments > 5) {
            error("CLuaHandler (updateDevice from LUA) : Not enough parameters");
            return 0;
        }
        if (!(l.isNumber(1) && (l.isString(2) || l.isNumber(2)) && l.isString(3))) {
            error("CLuaHandler (updateDevice from LUA) : Incorrect parameters type");
            return 0;
        }
        int idx = (int) l.toInteger(1);
        String nvalue = text(l, 2);
        String svalue = text(l, 3);
        if (nvalue.isEmpty() && svalue.isEmpty()) {
            error("CLuaHandler (updateDevice from LUA) : nvalue and svalue are empty ");
            return 0;
        }
        int parsedNvalue = 0;
        if (!nvalue.isEmpty()) {
            Integer parsed = stoi(nvalue);
            if (parsed == null) {
                // std::stoi throws here in Domoticz; what that does to the server is not documented, so
                // the fake makes it a run-time error of the script, which at least gets noticed.
                throw new IllegalArgumentException("domoticz_updateDevice: nvalue '" + nvalue + "' is not an integer");
            }
            parsedNvalue = parsed;
        }
        int rssi = arguments >= 4 && l.isNumber(4) ? (int) l.toInteger(4) : 12;
        int battery = arguments == 5 && l.isNumber(5) ? (int) l.toInteger(5) : 255;
        sink.update(new DeviceUpdate(idx, parsedNvalue, svalue, rssi, battery, Instant.now(), "lua:" + scriptName));
        return 0;
    }

    /** std::stoi: leading blanks, a sign, digits, and whatever follows ignored; null where it throws. */
    static Integer stoi(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = i;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == digits) {
            return null;
        }
        try {
            return Integer.valueOf(text.substring(start, i));
        } catch (NumberFormatException outOfRange) {
            return null;
        }
    }

    private int applyJsonPath(Lua l) {
        int arguments = l.getTop();
        if (arguments < 2) {
            error("CLuaHandler (applyJsonPath from LUA) : Incorrect parameters count");
            return 0;
        }
        if (!(l.isString(1) && l.isString(2))) {
            error("CLuaHandler (applyJsonPath from LUA) : Incorrect parameters type");
            return 0;
        }
        List<String> extra = new ArrayList<>();
        for (int i = 3; i <= arguments; i++) {
            if (!l.isString(i)) {
                error("CLuaHandler (applyJsonPath from LUA) : Invalid extra argument #" + (i - 2)
                        + " for domoticz_applyJsonPath");
                return 0;
            }
            extra.add(text(l, i));
        }
        JsonCppPath.Result result = JsonCppPath.apply(text(l, 1), text(l, 2), extra, this::error);
        if (!result.hasValue) {
            return 0;
        }
        if (result.value == null) {
            l.pushNil();
        } else if (result.value instanceof Double) {
            // push(Number) is lua_pushnumber: a float even for 54645, as Domoticz pushes it.
            l.push((Number) result.value);
        } else {
            l.push((String) result.value);
        }
        return 1;
    }
}
