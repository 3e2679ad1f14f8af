package org.hindsight.example;

import org.springframework.context.ApplicationContext;

/** For tests in other packages: loads the example incident INC-1 (the reference postmortem) and answers its key. */
public final class ExampleIncident {

    private ExampleIncident() {
    }

    public static String load(ApplicationContext context) {
        return context.getBean(ExampleData.class).load();
    }
}
