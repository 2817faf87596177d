package io.github.vedirect.domoticz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code domoticz_applyJsonPath} on Jackson. Domoticz evaluates a jsoncpp {@code Json::Path}: {@code .key}
 * (a key runs to the next {@code .} or {@code [}, so {@code .SER#} works), {@code [n]} for an array
 * index, {@code %} / {@code [%]} for a key or index taken from the extra arguments. There is no quoted
 * form such as {@code ['SER#']}; the fake does not invent one, so a parser that relies on it fails here
 * as it would in Domoticz.
 */
final class JsonCppPath {

    /** What the Lua function hands back. */
    static final class Result {
        static final Result NOTHING = new Result(false, null);
        static final Result NIL = new Result(true, null);

        /** False when Domoticz returns no value at all (invalid JSON, a path error, a null node). */
        final boolean hasValue;
        /** A {@link Double} or a {@link String}; null with {@code hasValue} means an explicit nil. */
        final Object value;

        private Result(boolean hasValue, Object value) {
            this.hasValue = hasValue;
            this.value = value;
        }

        static Result of(Object value) {
            return new Result(true, value);
        }
    }

    // jsoncpp's default reader allows comments and ignores what follows the first value.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    private JsonCppPath() {
    }

    static Result apply(String json, String path, List<String> arguments, Consumer<String> errorLog) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || root.isMissingNode()) {
            errorLog.accept("CLuaHandler (applyJsonPath from LUA) : Invalid Json data received");
            return Result.NOTHING;
        }
        JsonNode node = root;
        int argument = 0;
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '[') {
                i++;
                Integer index;
                if (i < path.length() && path.charAt(i) == '%') {
                    index = argument < arguments.size() ? parseIndex(arguments.get(argument)) : null;
                    argument++;
                    i++;
                } else {
                    int start = i;
                    while (i < path.length() && Character.isDigit(path.charAt(i))) {
                        i++;
                    }
                    // jsoncpp reads no digits as index 0 and carries on; indexing an object with it throws.
                    index = start == i ? 0 : Integer.valueOf(path.substring(start, i));
                }
                if (index == null || !(node.isNull() || node.isMissingNode() || node.isArray())) {
                    errorLog.accept("CLuaHandler (applyJsonPath from LUA) : JsonError 'requires arrayValue' for path "
                            + path);
                    return Result.NOTHING;
                }
                node = node.isArray() ? node.path(index) : node;
            } else if (c == '%') {
                String key = argument < arguments.size() ? arguments.get(argument) : "";
                argument++;
                i++;
                node = member(node, key, path, errorLog);
                if (node == null) {
                    return Result.NOTHING;
                }
            } else if (c == '.' || c == ']') {
                i++;
            } else {
                int start = i;
                while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') {
                    i++;
                }
                node = member(node, path.substring(start, i), path, errorLog);
                if (node == null) {
                    return Result.NOTHING;
                }
            }
        }
        if (node.isMissingNode() || node.isNull()) {
            return Result.NOTHING;
        }
        // jsoncpp's isDouble() is true for every number, so Domoticz pushes integers as floats too.
        if (node.isNumber()) {
            return Result.of(node.doubleValue());
        }
        if (node.isTextual()) {
            return Result.of(node.textValue());
        }
        return Result.NIL;
    }

    /** A missing key reads as null (jsoncpp's make() creates it); a key on a non-object throws there. */
    private static JsonNode member(JsonNode node, String key, String path, Consumer<String> errorLog) {
        if (node.isObject()) {
            return node.path(key);
        }
        if (node.isNull() || node.isMissingNode()) {
            return node;
        }
        errorLog.accept("CLuaHandler (applyJsonPath from LUA) : JsonError 'requires objectValue' for path " + path);
        return null;
    }

    private static Integer parseIndex(String text) {
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
