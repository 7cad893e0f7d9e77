package dev.stevedore.core.internal.watch;

import java.util.Map;

/** What an exit code says about how a container ended, in words for an alert. */
final class ExitMeaning {
    private static final Map<Integer, String> SIGNALS = Map.ofEntries(
            Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"), Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"),
            Map.entry(5, "SIGTRAP"), Map.entry(6, "SIGABRT"), Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"),
            Map.entry(9, "SIGKILL"), Map.entry(10, "SIGUSR1"), Map.entry(11, "SIGSEGV"), Map.entry(12, "SIGUSR2"),
            Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"), Map.entry(15, "SIGTERM"));

    private ExitMeaning() {}

    /**
     * The meaning of an exit.
     *
     * @param exitCode the container's exit code
     * @param oomKilled whether the engine says the kernel killed it for memory ({@code State.OOMKilled}, or an
     *     {@code oom} event since its last start)
     * @return {@code "exited normally"} for 0; {@code "out of memory (OOM-killed)"} for 137 when OOM-killed;
     *     {@code "killed (SIGKILL)"} for 137; {@code "terminated (SIGTERM)"} for 143; {@code "killed by signal N
     *     (NAME)"} for other codes above 128; else {@code "exited with error N"}
     */
    static String of(long exitCode, boolean oomKilled) {
        if (exitCode == 0) {
            return "exited normally";
        }
        if (exitCode == 137 && oomKilled) {
            return "out of memory (OOM-killed)";
        }
        if (exitCode == 137) {
            return "killed (SIGKILL)";
        }
        if (exitCode == 143) {
            return "terminated (SIGTERM)";
        }
        if (exitCode > 128 && exitCode < 128 + 65) {
            int signal = (int) (exitCode - 128);
            String name = SIGNALS.get(signal);
            return "killed by signal " + signal + (name == null ? "" : " (" + name + ")");
        }
        return "exited with error " + exitCode;
    }

    /**
     * A signal's name.
     *
     * @param signal a signal as the engine's {@code kill} event gives it, a number or a name
     * @return e.g. {@code "SIGTERM"}, or the input when unknown
     */
    static String signalName(String signal) {
        try {
            String name = SIGNALS.get(Integer.parseInt(signal.strip()));
            return name == null ? "signal " + signal : name;
        } catch (NumberFormatException e) {
            return signal.startsWith("SIG") ? signal : "SIG" + signal;
        }
    }
}
