package org.nnj.api.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nnj.api.build.ProjectModules.Module;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What makes the jars usable as named modules and publishable: every jar module names itself
 * ({@code nnj.module.name}, written as {@code Automatic-Module-Name} by the parent's maven-jar-plugin), its packages
 * all lie under that name, no package is split across two modules (the module path refuses a split package), every
 * module describes itself, and nnj-bom manages exactly the published modules at the parent's version.
 */
class ModuleLayoutTest {
    private static final Pattern MODULE_NAME = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)+");

    @Test
    void everyJarModuleHasAModuleNameThatPrefixesItsPackages() {
        List<String> problems = new ArrayList<>();
        TreeMap<String, String> names = new TreeMap<>();
        for (Module m : ProjectModules.all()) {
            if (!m.packaging().equals("jar")) {
                continue;
            }
            String name = m.property("nnj.module.name");
            if (name == null || !MODULE_NAME.matcher(name).matches()) {
                problems.add(m.name() + "/pom.xml: <nnj.module.name> expected a module name such as org.nnj.core, found "
                        + name);
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
