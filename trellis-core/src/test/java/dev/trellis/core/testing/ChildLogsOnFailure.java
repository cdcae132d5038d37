package dev.trellis.core.testing;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a multi-process test fails, adds the last lines of every {@link ChildJvm} it started (and
 * of those its class started before it that still run) to the failure's message, without the
 * DEBUG lines and logback's start-up chatter: CI keeps the build's console, where Surefire
 * prints each failure's message, and neither {@code target/child-jvms/} nor the test's own output
 * (redirected to a file), so a failure there can still be read afterwards. The failure is
 * rethrown as an {@link AssertionError} with that message and the original as its cause. Use
 * with {@code @ExtendWith(ChildLogsOnFailure.class)}.
 */
public final class ChildLogsOnFailure implements BeforeAllCallback, BeforeEachCallback, TestExecutionExceptionHandler {
    static final int LINES_PER_CHILD = 30;
    static final int LINE_LIMIT = 400;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ChildLogsOnFailure.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        ChildJvm.forgetEnded();
        context.getStore(NAMESPACE).put("classFrom", ChildJvm.startedCount());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("from", ChildJvm.startedCount());
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable cause) throws Throwable {
        if (cause instanceof org.opentest4j.TestAbortedException) {
            throw cause;
        }
        Long from = context.getStore(NAMESPACE).get("from", Long.class);
        Long classFrom = context.getStore(NAMESPACE).get("classFrom", Long.class);
        Set<ChildJvm> children = new LinkedHashSet<>();
        ChildJvm.startedSince(classFrom == null ? 0L : classFrom).stream().filter(ChildJvm::isAlive).forEach(children::add);
        children.addAll(ChildJvm.startedSince(from == null ? 0L : from));
        if (children.isEmpty()) {
            throw cause;
        }
        var out = new StringBuilder(String.valueOf(cause.getMessage()));
        out.append("\n=== its ").append(children.size())
                .append(" child JVM(s) printed, last ").append(LINES_PER_CHILD).append(" lines each, DEBUG left out:\n");
        for (ChildJvm child : children) {
            out.append("--- ").append(child.name()).append(" (").append(child.log()).append(")\n");
            out.append(significantTail(child.tail(Integer.MAX_VALUE), LINES_PER_CHILD)).append('\n');
        }
        throw new AssertionError(out.toString(), cause);
    }

    /**
     * The last {@code n} lines of {@code printed} that are neither DEBUG nor logback's own status
     * lines, each cut to {@link #LINE_LIMIT} characters.
     */
    static String significantTail(String printed, int n) {
        List<String> kept = printed.lines()
                .filter(line -> !line.contains(" DEBUG ") && !line.contains("|-") && !line.isBlank())
                .map(line -> line.length() <= LINE_LIMIT ? line : line.substring(0, LINE_LIMIT) + "...")
                .toList();
        return String.join("\n", kept.subList(Math.max(0, kept.size() - n), kept.size()));
    }
}
