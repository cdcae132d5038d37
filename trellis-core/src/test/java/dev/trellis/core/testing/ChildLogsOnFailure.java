package dev.trellis.core.testing;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a multi-process test fails, prints the last lines of every {@link ChildJvm} it started (and
 * of those its class started before it that still run) to
 * the test's output, without the DEBUG lines and logback's start-up chatter: CI keeps the test
 * output, not {@code target/child-jvms/}, so a failure there can still be read afterwards. Use
 * with {@code @ExtendWith(ChildLogsOnFailure.class)}.
 */
public final class ChildLogsOnFailure implements BeforeAllCallback, BeforeEachCallback, TestWatcher {
    static final int LINES_PER_CHILD = 80;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ChildLogsOnFailure.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("classFrom", ChildJvm.startedCount());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("from", ChildJvm.startedCount());
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Integer from = context.getStore(NAMESPACE).get("from", Integer.class);
        Integer classFrom = context.getStore(NAMESPACE).get("classFrom", Integer.class);
        Set<ChildJvm> children = new LinkedHashSet<>();
        ChildJvm.startedSince(classFrom == null ? 0 : classFrom).stream().filter(ChildJvm::isAlive).forEach(children::add);
        children.addAll(ChildJvm.startedSince(from == null ? 0 : from));
        var out = new StringBuilder();
        out.append("=== ").append(context.getDisplayName()).append(" failed; its ").append(children.size())
                .append(" child JVM(s) printed, last ").append(LINES_PER_CHILD).append(" lines each, DEBUG left out:\n");
        for (ChildJvm child : children) {
            out.append("--- ").append(child.name()).append(" (").append(child.log()).append(")\n");
            out.append(significantTail(child.tail(Integer.MAX_VALUE), LINES_PER_CHILD)).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }

    /** The last {@code n} lines of {@code printed} that are neither DEBUG nor logback's own status lines. */
    static String significantTail(String printed, int n) {
        List<String> kept = printed.lines()
                .filter(line -> !line.contains(" DEBUG ") && !line.contains("|-") && !line.isBlank())
                .toList();
        return String.join("\n", kept.subList(Math.max(0, kept.size() - n), kept.size()));
    }
}
