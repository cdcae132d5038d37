package dev.trellis.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code trellis --version}: the version Maven wrote into the jar's manifest. */
final class TrellisVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = TrellisCli.class.getPackage().getImplementationVersion();
        return new String[] {"trellis " + (version == null ? "(development build)" : version),
                "JVM: ${java.version} (${java.vendor} ${java.vm.name})"};
    }
}
