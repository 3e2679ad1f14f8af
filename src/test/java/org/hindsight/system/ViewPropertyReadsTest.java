package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import org.hindsight.system.ViewPropertyReads.ViewPropertyAccessor;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.expression.AccessException;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/**
 * Templates read the application's view objects through {@link ViewPropertyAccessor}: the same properties Spring's
 * reflective accessor finds (getX, then isX, then a record's x()), and nothing of other classes, which stay with
 * Thymeleaf's restricted accessors. An expression evaluated again keeps using it, also after a target of a class it
 * does not read.
 */
class ViewPropertyReadsTest {

    /** A package-private record, as many of the views are. */
    record Row(String title, boolean active, Instant startedAt) {
        public String getLabel() {
            return "label of " + title;
        }

        public boolean isUrgent() {
            return active && title.startsWith("!");
        }
    }

    private final ViewPropertyAccessor accessor = ViewPropertyAccessor.INSTANCE;
    private final StandardEvaluationContext context = new StandardEvaluationContext();

    ViewPropertyReadsTest() {
        context.addPropertyAccessor(accessor);
    }

    @Test
    void readsRecordComponentsGettersAndBooleanGettersOfTheApplicationsOwnClasses() throws AccessException {
        Row row = new Row("!Checkout down", true, Instant.parse("2024-05-12T09:00:00Z"));
        assertThat(accessor.read(context, row, "title").getValue()).isEqualTo("!Checkout down");
        assertThat(accessor.read(context, row, "label").getValue()).isEqualTo("label of !Checkout down");
        assertThat(accessor.read(context, row, "urgent").getValue()).isEqualTo(true);
        assertThat(accessor.read(context, row, "active").getValue()).isEqualTo(true);
        assertThat(accessor.read(context, row, "startedAt").getTypeDescriptor().getType()).isEqualTo(Instant.class);
        assertThat(accessor.canWrite(context, row, "title")).isFalse();
    }

    @Test
    void leavesEverythingElseToThymeleafsAccessors() {
        Row row = new Row("Checkout down", false, null);
        assertThat(accessor.canRead(context, row, "nothingLikeThis")).isFalse();
        assertThat(accessor.canRead(context, "a string", "bytes")).as("a JDK class").isFalse();
        assertThat(accessor.canRead(context, Map.of("title", "x"), "title")).as("a map").isFalse();
        assertThat(accessor.canRead(context, Row.class, "name")).as("a class object").isFalse();
        assertThat(accessor.canRead(context, null, "title")).isFalse();
        assertThatThrownBy(() -> accessor.read(context, List.of(), "empty")).isInstanceOf(AccessException.class);
    }

    @Test
    void anExpressionReadsThroughItAgainAndFallsBackForOtherClasses() {
        Expression key = new SpelExpressionParser().parseExpression("key");
        assertThat(key.getValue(context, new Keyed("first"))).isEqualTo("first");
        assertThat(key.getValue(context, new Keyed("second"))).isEqualTo("second");
        // the node remembered this accessor; a JDK object goes to the reflective accessor, and back again
        assertThat(key.getValue(context, new AbstractMap.SimpleEntry<>("a JDK entry", 1))).isEqualTo("a JDK entry");
        assertThat(key.getValue(context, new Keyed("third"))).isEqualTo("third");
    }

    record Keyed(String key) {
    }

    @Test
    void theTemplateEngineGivesEveryPageTheAccessor() {
        SpringTemplateEngine engine = new SpringTemplateEngine();
        ViewPropertyReads.viewPropertyReadsInTemplates().postProcessBeforeInitialization(engine, "templateEngine");
        assertThat(engine.getEngineContextFactory()).isInstanceOf(ViewPropertyReads.WithViewPropertyAccessor.class);

        StandardEvaluationContext page = new ThymeleafEvaluationContext(new GenericApplicationContext(), null);
        Context variables = new Context();
        variables.setVariable(ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME, page);
        variables.setVariable("row", new Row("Checkout down", true, null));
        engine.setTemplateResolver(new StringTemplateResolver());
        assertThat(engine.process("<p th:text=\"${row.title}\">x</p>", variables)).isEqualTo("<p>Checkout down</p>");
        assertThat(page.getPropertyAccessors()).contains(accessor);
    }
}
