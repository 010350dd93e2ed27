package org.nnj.api.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nnj.api.build.ProjectModules.Module;
import org.nnj.api.build.ProjectModules.ModuleInfo;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What makes the jars usable as named modules and publishable: every library module is a real module
 * ({@code src/main/java/module-info.java}, the one place its name is written) whose packages all lie under its name;
 * what it exports is its API (no package holding an {@code INTERNAL} type is exported to everyone, and every type
 * in a package that is not is {@code INTERNAL}); its {@code provides} clauses list exactly its
 * {@code META-INF/services} files (the module path reads the one, the class path the other); the Vector API and
 * apiguardian are optional ({@code requires static}); no package is split across two modules; every module
 * describes itself; and nnj-bom manages exactly the published modules at the parent's version. That the modules
 * resolve and run on the module path is nn-examples' {@code ModulePathTest}.
 */
class ModuleLayoutTest {
    private static final Pattern MODULE_NAME = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)+");
    /**
     * The jar modules that stay automatic modules (a name in the manifest, {@code nnj.module.name} in the pom, every
     * package readable), and why.
     */
    private static final Map<String, String> AUTOMATIC = Map.of(
            "nn-spark", "Spark's own jars are not modules and split packages, so Spark runs on the class path",
            "nn-examples", "an application, run from its shaded nn.jar on the class path",
            "nn-benchmarks", "an application, JMH's shaded benchmarks jar on the class path");

    @Test
    void everyJarModuleHasOneModuleNameThatPrefixesItsPackages() {
        List<String> problems = new ArrayList<>();
        TreeMap<String, String> names = new TreeMap<>();
        for (Module m : ProjectModules.all()) {
            if (!m.packaging().equals("jar")) {
                continue;
            }
            ModuleInfo info = m.moduleInfo();
            String property = m.property("nnj.module.name");
            String name;
            if (info != null) {
                name = info.name();
                if (property != null) {
                    problems.add(m.name() + "/pom.xml: <nnj.module.name> " + property + " beside module-info.java's "
                            + "name " + name + ": the module's name is written once, in module-info.java");
                }
            } else if (AUTOMATIC.containsKey(m.name())) {
                name = property;
            } else {
                problems.add(m.name() + ": expected src/main/java/module-info.java (only " + AUTOMATIC.keySet()
                        + " stay automatic modules)");
                continue;
            }
            if (name == null || !MODULE_NAME.matcher(name).matches()) {
                problems.add(m.name() + ": expected a module name such as org.nnj.core, found " + name);
                continue;
            }
            String other = names.put(name, m.name());
            if (other != null) {
                problems.add(m.name() + " and " + other + " both name themselves " + name);
            }
            for (String pkg : packages(m)) {
                if (!pkg.equals(name) && !pkg.startsWith(name + ".")) {
                    problems.add(m.name() + ": package " + pkg + " is not under its module name " + name);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void onlyTheApiIsExported() {
        List<String> problems = new ArrayList<>();
        Set<String> projectModules = new TreeSet<>();
        for (Module m : ProjectModules.all()) {
            ModuleInfo info = m.moduleInfo();
            if (info != null) {
                projectModules.add(info.name());
            } else if (m.property("nnj.module.name") != null) {
                projectModules.add(m.property("nnj.module.name"));
            }
        }
        int exported = 0;
        for (Module m : ProjectModules.all()) {
            ModuleInfo info = m.moduleInfo();
            if (info == null) {
                continue;
            }
            Path root = ProjectModules.root();
            Map<String, TreeMap<String, String>> statusesOfPackage = new TreeMap<>();
            for (Path source : m.mainSourceFiles()) {
                ProjectModules.PublicType type = ProjectModules.publicType(source);
                TreeMap<String, String> types = statusesOfPackage.computeIfAbsent(ProjectModules.packageOf(source),
                        k -> new TreeMap<>());
                if (type != null) {
                    types.put(root.relativize(source).toString(), type.status());
                }
            }
            for (Map.Entry<String, TreeMap<String, String>> e : statusesOfPackage.entrySet()) {
                String pkg = e.getKey();
                boolean internalName = ("." + pkg + ".").contains(".internal.");
                boolean toEveryone = info.exportsToEveryone(pkg);
                List<String> opened = info.opens().get(pkg);
                if (opened != null && opened.isEmpty()) {
                    problems.add(m.name() + ": opens " + pkg + " to every module; open it only to the module that "
                            + "reflects on it (opens ... to ...)");
                }
                if (toEveryone) {
                    exported++;
                    if (internalName) {
                        problems.add(m.name() + ": exports " + pkg + " to every module, but it is an internal "
                                + "package (export it `to` the nnj modules that need it, or not at all)");
                    }
                    e.getValue().forEach((file, status) -> {
                        if ("INTERNAL".equals(status)) {
                            problems.add(file + ": marked " + status + " but its package " + pkg + " is exported "
                                    + "to every module (move it to an internal package, or mark what it is)");
                        }
                    });
                } else if (m.published()) {
                    e.getValue().forEach((file, status) -> {
                        if (!"INTERNAL".equals(status)) {
                            problems.add(file + ": marked " + status + " but its package " + pkg + " is not "
                                    + "exported, so no user can reach it (export the package or mark it INTERNAL)");
                        }
                    });
                }
            }
            info.exports().forEach((pkg, to) -> to.forEach(target -> {
                if (!projectModules.contains(target)) {
                    problems.add(m.name() + ": exports " + pkg + " to " + target + ", which is not an nnj module");
                }
            }));
        }
        assertTrue(exported > 10, "found only " + exported + " exported packages: are the module-info files read?");
        assertEquals(List.of(), problems);
    }

    @Test
    void providesListsExactlyTheServiceFiles() {
        List<String> problems = new ArrayList<>();
        for (Module m : ProjectModules.all()) {
            ModuleInfo info = m.moduleInfo();
            if (info == null) {
                continue;
            }
            Map<String, List<String>> files = m.serviceFiles();
            if (!files.equals(info.provides())) {
                problems.add(m.name() + ": module-info.java provides " + info.provides()
                        + " but src/main/resources/META-INF/services lists " + files
                        + " (the module path reads the one, the class path the other: keep them the same, in order)");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void optionalModulesAreRequiredStaticallyAndLibrariesLogThroughSlf4jOnly() {
        List<String> problems = new ArrayList<>();
        for (Module m : ProjectModules.all()) {
            ModuleInfo info = m.moduleInfo();
            if (info == null) {
                continue;
            }
            boolean vector = m.mainSourceFiles().stream()
                    .anyMatch(f -> ProjectModules.read(f).contains("import jdk.incubator.vector."));
            Set<String> vectorMods = info.requires().get("jdk.incubator.vector");
            if (vector && (vectorMods == null || !vectorMods.contains("static"))) {
                problems.add(m.name() + ": uses the Vector API, so needs `requires static jdk.incubator.vector;` "
                        + "(static: the scalar loops run when the module is absent), found "
                        + (vectorMods == null ? "none" : "requires " + vectorMods));
            } else if (!vector && vectorMods != null) {
                problems.add(m.name() + ": requires jdk.incubator.vector but no source imports it");
            }
            Set<String> guardian = info.requires().get("org.apiguardian.api");
            boolean marked = m.mainSourceFiles().stream()
                    .anyMatch(f -> ProjectModules.read(f).contains("import org.apiguardian.api.API;"));
            if (marked && (guardian == null || !guardian.contains("static"))) {
                problems.add(m.name() + ": uses @API, so needs `requires static org.apiguardian.api;` (annotations "
                        + "only, not needed at run time), found " + (guardian == null ? "none" : "requires " + guardian));
            }
            info.requires().keySet().stream().filter(r -> r.startsWith("ch.qos.logback"))
                    .forEach(r -> problems.add(m.name() + ": requires " + r + "; a library logs through org.slf4j only"));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void noPackageIsSplitAcrossModules() {
        Map<String, TreeSet<String>> modulesOfPackage = new TreeMap<>();
        for (Module m : ProjectModules.all()) {
            for (String pkg : packages(m)) {
                modulesOfPackage.computeIfAbsent(pkg, k -> new TreeSet<>()).add(m.name());
            }
        }
        List<String> split = modulesOfPackage.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " in " + e.getValue()).collect(Collectors.toList());
        assertEquals(List.of(), split, "packages split across modules (unusable on the module path)");
    }

    @Test
    void everyModuleDescribesItself() {
        List<String> missing = ProjectModules.all().stream()
                .filter(m -> m.description() == null || m.description().isEmpty())
                .map(m -> m.name() + "/pom.xml").collect(Collectors.toList());
        assertEquals(List.of(), missing, "modules without a <description> (Maven Central requires one)");
    }

    @Test
    void theBomManagesEveryPublishedModuleAtTheParentsVersion() {
        Path root = ProjectModules.root();
        Element parent = ProjectModules.pom(root.resolve("pom.xml"));
        Element bom = ProjectModules.pom(root.resolve("nnj-bom/pom.xml"));
        assertEquals(ProjectModules.child(parent, "version"), ProjectModules.child(bom, "version"),
                "nnj-bom/pom.xml: its version must be the parent's");
        assertFalse(ProjectModules.childElement(bom, "parent") != null,
                "nnj-bom/pom.xml: has a parent, so importing it would also import the parent's dependencyManagement");
        TreeSet<String> managed = new TreeSet<>();
        NodeList deps = ProjectModules.childElement(ProjectModules.childElement(bom, "dependencyManagement"),
                "dependencies").getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            assertEquals("org.nnj", ProjectModules.child(d, "groupId"), "nnj-bom manages a foreign artifact");
            assertEquals("${project.version}", ProjectModules.child(d, "version"),
                    "nnj-bom: " + ProjectModules.child(d, "artifactId") + " not at ${project.version}");
            managed.add(ProjectModules.child(d, "artifactId"));
        }
        TreeSet<String> published = ProjectModules.published().stream().map(Module::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(published, managed, "nnj-bom/pom.xml must manage exactly the published modules");
    }

    private static TreeSet<String> packages(Module m) {
        return m.mainSourceFiles().stream().map(ProjectModules::packageOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
