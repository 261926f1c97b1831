package dev.remoting.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;

/** Which packages of a module's compiled classes are {@link NullMarked}, as Spring Boot 4's own packages are. */
public final class NullMarkedPackages {

    private NullMarkedPackages() {
    }

    /**
     * Returns every package holding classes in the class directory (or jar root) that holds {@code anchor}, each
     * with whether its {@code package-info} is {@code @NullMarked}.
     */
    public static SortedMap<String, Boolean> of(Class<?> anchor) {
        Objects.requireNonNull(anchor, "anchor");
        Path root;
        try {
            root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        SortedMap<String, Boolean> packages = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> root.relativize(file.getParent()).toString().replace(root.getFileSystem()
                            .getSeparator(), "."))
                    .filter(name -> !name.isEmpty())
                    .distinct()
                    .forEach(name -> packages.put(name, isNullMarked(name, anchor.getClassLoader())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packages;
    }

    private static boolean isNullMarked(String packageName, ClassLoader loader) {
        try {
            return Class.forName(packageName + ".package-info", false, loader).isAnnotationPresent(NullMarked.class);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
