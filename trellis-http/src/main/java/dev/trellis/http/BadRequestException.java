package dev.trellis.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.trellis.serve.InvalidInputException;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * The request was malformed: bad JSON, a wrong type, a missing field or parameter. Answered
 * 400 with this message; user code may throw it too.
 */
public final class BadRequestException extends InvalidInputException {
    public BadRequestException(String message) {
        super(message);
    }

    /** A message naming the JSON problem and where it is, without Jackson's internals. */
    static BadRequestException fromJson(IOException e, String target) {
        if (e instanceof ValueInstantiationException v && v.getCause() != null && v.getCause().getMessage() != null) {
            // the type's constructor refused the values (a record checking its components): its message says why
            String field = path(v);
            return new BadRequestException("invalid " + (field.isEmpty() ? target
                    : (field.startsWith("[") ? "element '" : "field '") + field + "'") + ": " + v.getCause().getMessage());
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = path(m);
            if (e instanceof UnrecognizedPropertyException u) {
                return new BadRequestException("unknown field '" + field + "'"
                        + (u.getReferringClass() == null ? "" : " in " + u.getReferringClass().getSimpleName())
                        + "; known fields: " + new java.util.TreeSet<>(u.getKnownPropertyIds().stream().map(String::valueOf).toList()));
            }
            if (e instanceof InvalidFormatException f) {
                return new BadRequestException("field '" + field + "' has the wrong type: expected "
                        + f.getTargetType().getSimpleName() + ", got " + f.getValue());
            }
            if (e instanceof MismatchedInputException mi && mi.getOriginalMessage().startsWith("Cannot map `null`")) {
                return new BadRequestException("field '" + field + "' is required"
                        + (mi.getTargetType() == null ? "" : " (" + mi.getTargetType().getSimpleName() + ")")
                        + ", was missing or null");
            }
            if (e instanceof MismatchedInputException mi) {
                return new BadRequestException("field '" + field + "' has the wrong type: expected "
                        + (mi.getTargetType() == null ? "another type" : mi.getTargetType().getSimpleName()));
            }
            return new BadRequestException("field '" + field + "': " + m.getOriginalMessage());
        }
        if (e instanceof MismatchedInputException mi && mi.getOriginalMessage().contains("Missing required creator property")) {
            return new BadRequestException(mi.getOriginalMessage());
        }
        if (e instanceof JsonProcessingException p) {
            var loc = p.getLocation();
            return new BadRequestException("malformed JSON for " + target
                    + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                    + ": " + withoutSource(p.getOriginalMessage()));
        }
        return new BadRequestException("cannot read the body as " + target + ": " + e.getMessage());
    }

    /** Where in the body the problem is: "items[2].name"; empty at the top. */
    private static String path(JsonMappingException m) {
        return m.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** Jackson's nested locations read "[Source: REDACTED (...); line: 1, column: 1]"; keep the line and column. */
    private static String withoutSource(String message) {
        return message == null ? "" : message.replaceAll("\\[Source: [^\\]]*?; line:", "[line:");
    }
}
