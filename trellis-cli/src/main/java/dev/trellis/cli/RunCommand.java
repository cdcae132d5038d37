package dev.trellis.cli;

import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trellis run MAIN_CLASS [ARGS...] [--address HOST:PORT]}, the counterpart of running a
 * Ray driver script ({@code RAY_ADDRESS=... python driver.py}): runs {@code MAIN_CLASS}'s
 * {@code main} in a JVM of its own, with the same {@code java}, JVM flags and class path as this
 * one (the distribution: Trellis and its examples), plus {@code --class-path}.
 *
 * <p>The cluster reaches the program as the environment variable {@code TRELLIS_ADDRESS}, which
 * {@link Trellis#init()} reads: set from {@code --address} when given, else inherited from this
 * process's environment, else unset (the program starts an embedded node).
 *
 * <p>Options of {@code run} itself come before {@code MAIN_CLASS}; after it, every argument goes
 * to the program unchanged except {@code --address HOST:PORT} (or {@code --address=HOST:PORT}),
 * which stays {@code run}'s. After a {@code --}, everything goes to the program, {@code --address}
 * included. Exit code: the program's; 2 when {@code MAIN_CLASS} is not on the class path, has no
 * {@code main} method, or an option is bad; 1 when its JVM cannot start.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = TrellisVersion.class, sortOptions = false,
        description = {"Runs a driver program's main class in a JVM of its own, with Trellis' class path.",
                "Arguments after MAIN_CLASS go to the program; --address (or $TRELLIS_ADDRESS) reaches it as "
                        + "TRELLIS_ADDRESS, which Trellis.init() joins."},
        footer = {"", "Exit code: the program's; 2 when MAIN_CLASS cannot be found or an option is bad.", "",
                "Examples:", "  trellis run dev.trellis.examples.core.MonteCarloPi --tasks 100",
                "  trellis run dev.trellis.examples.core.ParameterServer --iterations 20 --address 10.0.0.5:6380",
                "  trellis run --class-path build/my-driver.jar com.example.Driver -- --address kept-for-the-program"})
final class RunCommand implements Callable<Integer> {
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;
    /** Where {@code MAIN_CLASS} is looked for when it is given without a package and not found as it is. */
    static final String EXAMPLES_PACKAGE = "dev.trellis.examples.core.";

    @Spec
    CommandSpec spec;

    @Option(names = "--address", paramLabel = "HOST:PORT",
            description = "The Trellis cluster the program joins (set as TRELLIS_ADDRESS; default: $TRELLIS_ADDRESS, "
                    + "else the program starts an embedded node).")
    String address;

    @Option(names = {"--class-path", "-cp"}, paramLabel = "PATH",
            description = "More class path entries for the program (jars or directories, separated by ':', ';' on Windows), "
                    + "before Trellis' own.")
    String classPath;

    @Parameters(index = "0", paramLabel = "MAIN_CLASS", description = "The program's main class, e.g. "
            + "dev.trellis.examples.core.MonteCarloPi.")
    String mainClass;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARGS", description = "The program's arguments.")
    List<String> args = new ArrayList<>();

    /** Whether the program writes to this process's own standard output and error (set by {@link TrellisCli#main}). */
    boolean inheritOutput;

    /** Makes {@code run}'s command line stop taking options at MAIN_CLASS: the rest are the program's. */
    static void configure(CommandLine run) {
        run.setStopAtPositional(true);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> programArgs = new ArrayList<>();
        String cluster = address;
        boolean verbatim = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (verbatim) {
                programArgs.add(arg);
            } else if (arg.equals("--")) {
                verbatim = true;
            } else if (arg.equals("--address")) {
                if (i + 1 == args.size()) {
                    err.println("Failed: --address needs a value (HOST:PORT)");
                    return EXIT_BAD_INPUT;
                }
                cluster = args.get(++i);
            } else if (arg.startsWith("--address=")) {
                cluster = arg.substring("--address=".length());
            } else {
                programArgs.add(arg);
            }
        }
        if (cluster != null) {
            try {
                cluster = TrellisOptions.checkAddress(cluster.trim());
            } catch (IllegalArgumentException e) {
                err.println("Failed: bad --address '" + cluster + "': " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
        }
        List<String> extra = classPath == null ? List.of()
                : List.of(classPath.split(File.pathSeparator)).stream().filter(s -> !s.isBlank()).toList();
        String found;
        try {
            found = findMainClass(mainClass, extra);
        } catch (IllegalArgumentException e) {
            err.println("Failed: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(BackgroundLauncher.JVM_FLAGS);
        command.add("-cp");
        var entries = new ArrayList<>(extra);
        entries.add(System.getProperty("java.class.path"));
        command.add(String.join(File.pathSeparator, entries));
        command.add(found);
        command.addAll(programArgs);
        var builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
        if (cluster != null) {
            builder.environment().put(Trellis.ADDRESS_ENV, cluster);
            Optional<Path> keys;
            try {
                keys = NodeProcesses.clusterKeys();
            } catch (java.io.IOException e) {
                err.println("Failed: cannot read the recorded cluster keys: " + e.getMessage());
                return StartCommand.EXIT_FAILED;
            }
            keys.ifPresent(k -> builder.environment().put(Trellis.CLUSTER_KEYS_ENV, k.toAbsolutePath().toString()));
        }
        if (inheritOutput) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        out.flush();
        err.flush();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            err.println("Failed: cannot start a JVM for " + found + ": " + e.getMessage());
            return EXIT_FAILED;
        }
        // Stopping this JVM (Ctrl-C, SIGTERM) stops the program too, also when it runs detached from a terminal.
        Thread stopChild = Thread.ofPlatform().unstarted(process::destroy);
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            List<Thread> copiers = inheritOutput ? List.of()
                    : List.of(copy(process.getInputStream(), out, "stdout"), copy(process.getErrorStream(), err, "stderr"));
            int status = process.waitFor();
            for (Thread t : copiers) {
                t.join();
            }
            return status;
        } catch (InterruptedException e) {
            process.destroy();
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs (or ran) and stops the program
            }
        }
    }

    /**
     * The main class to run: {@code name} itself, or {@code dev.trellis.examples.core.<name>} for a
     * name without a package that is not found as it is.
     *
     * @throws IllegalArgumentException naming the class when it is not on the class path or has no {@code main}
     */
    static String findMainClass(String name, List<String> extraClassPath) {
        var urls = new ArrayList<URL>();
        for (String entry : extraClassPath) {
            try {
                urls.add(Path.of(entry).toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException | java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException("bad --class-path entry '" + entry + "': " + e.getMessage());
            }
        }
        try (var loader = new URLClassLoader(urls.toArray(URL[]::new), RunCommand.class.getClassLoader())) {
            Class<?> type = load(name, loader);
            String shown = name;
            if (type == null && !name.contains(".")) {
                type = load(EXAMPLES_PACKAGE + name, loader);
                shown = EXAMPLES_PACKAGE + name;
            }
            if (type == null) {
                throw new IllegalArgumentException("main class '" + name + "' is not on the class path"
                        + (extraClassPath.isEmpty() ? " (Trellis' own; add yours with --class-path)"
                                : " (Trellis' own and --class-path " + String.join(File.pathSeparator, extraClassPath) + ")"));
            }
            if (!hasMain(type)) {
                throw new IllegalArgumentException("class '" + shown + "' has no main method");
            }
            return shown;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --class-path: " + e.getMessage());
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (LinkageError e) {
            throw new IllegalArgumentException("main class '" + name + "' cannot be loaded: " + e);
        }
    }

    /** A {@code main} method of any of Java's launchable forms (static or, since Java 25, instance; with or without String[]). */
    private static boolean hasMain(Class<?> type) {
        try {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (var m : c.getDeclaredMethods()) {
                    if (m.getName().equals("main") && (m.getParameterCount() == 0
                            || m.getParameterCount() == 1 && m.getParameterTypes()[0] == String[].class)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (LinkageError e) {
            throw new IllegalArgumentException("main class '" + type.getName() + "' cannot be loaded: " + e);
        }
    }

    /** Copies the program's {@code stream} to {@code to} as it comes. */
    private static Thread copy(InputStream stream, PrintWriter to, String name) {
        return Thread.ofVirtual().name("trellis-run-" + name).start(() -> {
            try (Reader reader = new InputStreamReader(stream, Charset.defaultCharset())) {
                char[] buffer = new char[8192];
                for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // the program ended
            }
        });
    }
}
