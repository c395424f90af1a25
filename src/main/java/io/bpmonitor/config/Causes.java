package io.bpmonitor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An error and its causes, walked once here for every start-up message that explains a failure. */
public final class Causes {

    private Causes() {
    }

    /** The error, then its cause, and so on (a cause that is its own cause ends the chain). */
    public static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    public static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
        return chain(error).stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public static Throwable root(Throwable error) {
        List<Throwable> chain = chain(error);
        return chain.get(chain.size() - 1);
    }

    /** Class and message of the deepest cause: transport errors, which name hosts and ports but hold no credential. */
    public static String rootText(Throwable error) {
        Throwable root = root(error);
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
