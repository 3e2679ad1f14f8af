package org.hindsight.alert;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.hindsight.alert.IntegrationViews.IntegrationView;
import org.hindsight.incident.Severity;
import org.springframework.validation.BindingResult;

/**
 * The forms of the integration pages, bound from a request and validated with {@code @Valid}; the rules are read
 * with {@link IntegrationRules#parse} by {@link #rules}, which both the pages and the API use.
 */
final class IntegrationForms {

    static final int NAME_MAX = 100;
    /** What the table's columns hold (migration V10), of the rules as they are stored. */
    static final int SEVERITY_LABEL_MAX = 100;
    static final int SEVERITY_MAPPING_MAX = 1000;
    static final int LABELS_MAX = 200;

    private IntegrationForms() {
    }

    /** The rule fields both forms have, as typed. */
    interface RulesText {
        String severityLabel();

        String severityMapping();

        Severity defaultSeverity();

        String serviceLabels();

        String groupBy();

        OnAllResolved onAllResolved();
    }

    /** An admin connects a new sender. */
    record NewIntegration(
            @NotBlank(message = "{integration.name.invalid}") @Size(max = NAME_MAX,
                    message = "{integration.name.invalid}") String name,
            @NotNull AlertSource source,
            @Size(max = SEVERITY_LABEL_MAX) String severityLabel,
            @Size(max = SEVERITY_MAPPING_MAX) String severityMapping,
            @NotNull Severity defaultSeverity,
            @Size(max = LABELS_MAX) String serviceLabels,
            @Size(max = LABELS_MAX) String groupBy,
            @NotNull OnAllResolved onAllResolved) implements RulesText {

        static NewIntegration empty() {
            IntegrationRules defaults = IntegrationRules.defaults();
            return new NewIntegration("", AlertSource.ALERTMANAGER, defaults.severityLabel(),
                    defaults.severityMappingText(), defaults.defaultSeverity(), join(defaults.serviceLabels()),
                    join(defaults.groupBy()), defaults.onAllResolved());
        }
    }

    /** An admin changes an integration: name, rules, enabled; {@code version} is the one the form was made from. */
    record EditIntegration(
            @NotBlank(message = "{integration.name.invalid}") @Size(max = NAME_MAX,
                    message = "{integration.name.invalid}") String name,
            @Size(max = SEVERITY_LABEL_MAX) String severityLabel,
            @Size(max = SEVERITY_MAPPING_MAX) String severityMapping,
            @NotNull Severity defaultSeverity,
            @Size(max = LABELS_MAX) String serviceLabels,
            @Size(max = LABELS_MAX) String groupBy,
            @NotNull OnAllResolved onAllResolved,
            Boolean enabled,
            long version) implements RulesText {

        /** An unticked checkbox sends nothing: absent means disabled. */
        EditIntegration {
            enabled = Boolean.TRUE.equals(enabled);
        }

        static EditIntegration of(IntegrationView integration) {
            IntegrationRules rules = integration.rules();
            return new EditIntegration(integration.name(), rules.severityLabel(), rules.severityMappingText(),
                    rules.defaultSeverity(), join(rules.serviceLabels()), join(rules.groupBy()),
                    rules.onAllResolved(), integration.enabled(), integration.version());
        }

        /** The same input, to be saved over {@code version} (after a conflict, the version now stored). */
        EditIntegration withVersion(long newVersion) {
            return new EditIntegration(name, severityLabel, severityMapping, defaultSeverity, serviceLabels, groupBy,
                    onAllResolved, enabled, newVersion);
        }
    }

    /**
     * The rules of a form; a part that cannot be used becomes that field's error (unless the field has one already)
     * and the answer is null.
     */
    static IntegrationRules rules(RulesText form, BindingResult result) {
        if (form == null || result.getTarget() == null) {
            return null; // a value could not be read at all (an unknown choice): the form shows that first
        }
        try {
            return IntegrationRules.parse(form.severityLabel(), form.severityMapping(), form.defaultSeverity(),
                    form.serviceLabels(), form.groupBy(), form.onAllResolved());
        } catch (IntegrationRules.InvalidRule e) {
            if (!result.hasFieldErrors(e.field())) {
                result.rejectValue(e.field(), e.messageCode());
            }
            return null;
        }
    }

    /** Labels as the forms and the API write them: {@code service,job}. */
    static String join(java.util.List<String> labels) {
        return String.join(",", labels);
    }
}
