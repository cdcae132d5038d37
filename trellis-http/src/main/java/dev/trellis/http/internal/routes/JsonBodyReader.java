package dev.trellis.http.internal.routes;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trellis.core.internal.serialization.StrictCoercion;
import dev.trellis.http.BadRequestException;
import dev.trellis.http.internal.BodyJsonFactory;
import dev.trellis.http.internal.FiniteNumbers;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads JSON request bodies into the types ingress methods declare (annotated routes, the
 * {@code json_request} adapter and {@code Request.json}): every record component is required
 * unless it is an {@code Optional}, {@code null} is refused for primitives and record
 * components, scalars are not coerced into one another ({@link StrictCoercion}: a fraction is no
 * int, a string no number), a key given twice, a number too large for its type, unknown fields and
 * trailing text are errors. Failures become {@link BadRequestException}s whose messages name
 * the field (as a path such as {@code items[2].price}), what was expected and what came, in
 * words a client can act on. Thread-safe.
 */
public final class JsonBodyReader {
    /** The mapper for bodies; also what the OpenAPI schemas are derived from, so both agree on required fields. */
    static final ObjectMapper MAPPER = StrictCoercion.apply(JsonMapper.builder(BodyJsonFactory.create()))
            .findAndAddModules()
            .addModule(FiniteNumbers.module())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .annotationIntrospector(new RecordComponentsRequired())
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build(); // null for a primitive and a fraction for an int are refused by StrictCoercion

    private static final int ECHO_LIMIT = 100;
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");
    private static final Pattern FROM_TOKEN = Pattern.compile("from (\\w+) value");
    private static final Pattern REFUSED_COERCION = Pattern.compile("^Cannot coerce \\w+ value \\((.*)\\) to `", Pattern.DOTALL);
    private static final Pattern SETTING_HINT = Pattern.compile(
            ":\\s*enable `?\\w+(\\.\\w+)+`? to allow|,\\s*from `?StreamReadConstraints\\.\\w+\\(\\)`?");

    private JsonBodyReader() {
    }

    /** Jackson's view of a declared type, for {@link #read}. */
    public static JavaType type(java.lang.reflect.Type declared) {
        return MAPPER.constructType(declared);
    }

    /**
     * The body bound to {@code type}; an empty (or blank) body is {@code Optional.empty()} when
     * {@code optional}, else an error, and so is a JSON {@code null}.
     */
    public static Object read(byte[] body, JavaType type, boolean optional) {
        String typeName = typeName(type.getRawClass());
        if (isBlank(body)) {
            if (optional) {
                return Optional.empty();
            }
            throw new BadRequestException("request body is required: expected JSON for " + typeName + ", got an empty body");
        }
        Object value;
        try {
            value = MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw describe(e, typeName);
        }
        if (optional) {
            return Optional.ofNullable(value);
        }
        if (value == null) {
            throw new BadRequestException("request body: expected " + typeName + ", got null");
        }
        return value;
    }

    /** A client-facing message for a failure to read JSON as {@code typeName}, without Jackson's internals. */
    static BadRequestException describe(IOException e, String typeName) {
        if (e instanceof InputCoercionException c) { // a number too large for an integer type
            var where = c.getLocation();
            return new BadRequestException("number out of range" + (where == null ? "" : " at line " + where.getLineNr()
                    + ", column " + where.getColumnNr()) + ": " + c.getOriginalMessage());
        }
        if (e instanceof StreamReadException p) {
            var where = p.getLocation();
            return new BadRequestException("malformed JSON" + (where == null ? "" : " at line " + where.getLineNr()
                    + ", column " + where.getColumnNr()) + ": " + withoutSettings(p.getOriginalMessage()));
        }
        if (e instanceof StreamConstraintsException c) { // nesting too deep, a number or string too long
            return new BadRequestException("JSON too large to read: " + withoutSettings(c.getOriginalMessage()));
        }
        if (!(e instanceof JsonMappingException m)) {
            return new BadRequestException("cannot read the body as " + typeName + ": " + e.getMessage());
        }
        String field = fieldPath(m);
        String what = field.isEmpty() ? "request body" : "field '" + field + "'";
        String message = m.getOriginalMessage() == null ? "" : m.getOriginalMessage();
        return switch (m) {
            case UnrecognizedPropertyException u -> new BadRequestException("unknown field '" + field + "' in "
                    + typeName(u.getReferringClass()) + "; known fields: "
                    + new TreeSet<>(u.getKnownPropertyIds().stream().map(String::valueOf).toList()));
            case InvalidFormatException _ when message.startsWith("number ") -> new BadRequestException(what + ": " + message);
            case InvalidFormatException f -> new BadRequestException(what + ": expected " + expected(f.getTargetType())
                    + ", got " + (f.getValue() instanceof String s ? "\"" + shorten(s) + "\"" : shorten(String.valueOf(f.getValue()))));
            case ValueInstantiationException v -> new BadRequestException("invalid " + (field.isEmpty() ? typeName
                    : (field.startsWith("[") ? "element '" : "field '") + field + "'") + ": " + causeMessage(v));
            case MismatchedInputException _ when message.startsWith("Missing required creator property")
                    || message.startsWith("Missing creator property") -> new BadRequestException(
                    "missing required field '" + missingField(field, message) + "'");
            case MismatchedInputException _ when message.startsWith("Null value for creator property")
                    || message.startsWith("Cannot map `null`") -> new BadRequestException(what + " must not be null");
            case MismatchedInputException mi -> new BadRequestException(what + ": expected "
                    + (mi.getTargetType() == null ? typeName : expected(mi.getTargetType())) + got(message));
            default -> new BadRequestException(what + ": " + message);
        };
    }

    /**
     * Jackson's messages name the parser settings that would accept the input ("enable
     * JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS to allow", "from `StreamReadConstraints...`"):
     * server internals a client can do nothing with.
     */
    static String withoutSettings(String message) {
        if (message == null) {
            return "";
        }
        return SETTING_HINT.matcher(message).replaceAll("");
    }

    /** A type's name for clients: "int", "string", "Item". */
    static String typeName(Class<?> type) {
        ScalarType scalar = ScalarType.of(type);
        if (scalar != null && !type.isEnum()) {
            return scalar.name();
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "object";
        }
        return type.getSimpleName();
    }

    private static String expected(Class<?> type) {
        if (type != null && type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
        }
        return type == null ? "another type" : typeName(type);
    }

    private static String fieldPath(JsonMappingException m) {
        return m.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }

    /** Jackson's path ends at the missing property; the message names it too, for when there is no path. */
    private static String missingField(String path, String message) {
        Matcher name = QUOTED.matcher(message);
        return path.isEmpty() && name.find() ? name.group(1) : path;
    }

    /** A value echoed to the client, cut short: a body may hold megabytes where a number was expected. */
    private static String shorten(String value) {
        return value.length() <= ECHO_LIMIT ? value : value.substring(0, ECHO_LIMIT) + "...";
    }

    private static String got(String message) {
        Matcher coerced = REFUSED_COERCION.matcher(message);
        if (coerced.find()) { // a scalar of another kind, which the strict rules do not convert
            String value = coerced.group(1);
            boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
            return ", got " + (quoted ? "\"" + shorten(value.substring(1, value.length() - 1)) + "\"" : shorten(value));
        }
        Matcher token = FROM_TOKEN.matcher(message);
        return token.find() ? ", got " + token.group(1).toLowerCase(Locale.ROOT) : "";
    }

    private static String causeMessage(ValueInstantiationException v) {
        Throwable cause = v.getCause() != null ? v.getCause() : v;
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /**
     * Marks every component of a record as required unless it is an {@code Optional} (or one
     * of its primitive forms), or {@code @JsonProperty(required = true)} says so explicitly.
     */
    private static final class RecordComponentsRequired extends JacksonAnnotationIntrospector {
        @Override
        public Boolean hasRequiredMarker(AnnotatedMember member) {
            Boolean explicit = super.hasRequiredMarker(member);
            if (Boolean.TRUE.equals(explicit) || !member.getDeclaringClass().isRecord()) {
                return explicit;
            }
            Class<?> type = member.getRawType();
            return !(type == Optional.class || type == OptionalInt.class || type == OptionalLong.class
                    || type == OptionalDouble.class);
        }
    }
}
