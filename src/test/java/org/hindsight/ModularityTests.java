package org.hindsight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The modules (one top-level package each) keep to the dependencies their {@code package-info.java} declares, have no
 * cycles and reach into no other module's internals. Also writes the module documentation (a C4 component diagram
 * of all modules, one per module, and the module canvases) to {@code target/spring-modulith-docs}.
 */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(HindsightApplication.class);

    @Test
    void modulesKeepToTheirDeclaredDependencies() {
        MODULES.verify();
    }

    @Test
    void everyFeatureIsAModule() {
        assertThat(MODULES.stream().map(ApplicationModule::getBasePackage).map(p -> p.getName()))
                .containsExactlyInAnyOrder("org.hindsight.system", "org.hindsight.user", "org.hindsight.incident",
                        "org.hindsight.timeline", "org.hindsight.action", "org.hindsight.postmortem",
                        "org.hindsight.alert", "org.hindsight.example", "org.hindsight.audit",
                        "org.hindsight.insights", "org.hindsight.notification", "org.hindsight.search");
    }

    @Test
    void writesTheModuleDocumentation() {
        new Documenter(MODULES).writeDocumentation();
    }
}
