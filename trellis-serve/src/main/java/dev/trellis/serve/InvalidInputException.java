package dev.trellis.serve;

/**
 * The input of a call is not what the deployment accepts (wrong shape, missing part, value
 * out of range). Thrown by Trellis (e.g. a deployment graph whose input is not the list or
 * object it takes parts of) and by user code; over HTTP it is answered 400 with this message,
 * also when it reaches the ingress from a deployment further down.
 */
public class InvalidInputException extends ServeException {
    public InvalidInputException(String message) {
        super(message);
    }
}
