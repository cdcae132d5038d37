package dev.trellis.http;

import dev.trellis.serve.InvalidInputException;

/**
 * The request was malformed: bad JSON, a wrong type, a missing field or parameter. Answered
 * 400 with this message; user code may throw it too.
 */
public final class BadRequestException extends InvalidInputException {
    public BadRequestException(String message) {
        super(message);
    }
}
