package dev.trellis.http.internal;

import java.lang.reflect.Method;

/** The ingress method one request calls, and its bound arguments. */
public record Invocation(Method method, Object[] args) {
}
