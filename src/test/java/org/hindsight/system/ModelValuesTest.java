package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/** A kept body's key: two models are equal exactly when a template would render them alike ({@link PageBodies}). */
class ModelValuesTest {

    private static Object of(Object value) {
        return new ModelValues().of(value);
    }

    private static PageImpl<String> page(List<String> rows, int number, long total) {
        return new PageImpl<>(rows, PageRequest.of(number, 2), total);
    }

    @Test
    void aPageOfAListIsItsRowsPositionAndTotal() {
        assertThat(of(page(List.of("a", "b"), 1, 9))).isEqualTo(of(page(List.of("a", "b"), 1, 9)));
        assertThat(of(page(List.of("a", "b"), 1, 9))).isNotEqualTo(of(page(List.of("a", "c"), 1, 9)))
                .isNotEqualTo(of(page(List.of("a", "b"), 2, 9))).isNotEqualTo(of(page(List.of("a", "b"), 1, 10)))
                .isNotEqualTo(of(new PageImpl<>(List.of("a", "b"), PageRequest.of(1, 2, Sort.by("x")), 9)));
        assertThat(of(page(List.of("a", "b"), 1, 9))).isNotEqualTo(of(List.of("a", "b")));
        assertThat(of(page(List.of("a"), 0, 1))).isNotSameAs(ModelValues.NO_VALUE);
    }

    @Test
    void aPageOfValuesWithoutEqualityHasNone() {
        assertThat(of(new PageImpl<>(List.of(new Object()), PageRequest.of(0, 2), 1))).isSameAs(ModelValues.NO_VALUE);
        // a subclass may hold more than the page
        assertThat(of(new PageImpl<>(List.of("a"), PageRequest.of(0, 2), 1) { })).isSameAs(ModelValues.NO_VALUE);
    }

    @Test
    void aMessageIsItsCodesArgumentsAndDefault() {
        var message = new DefaultMessageSourceResolvable(new String[] {"ledger.owner.unknown"}, new Object[] {"bob"});
        assertThat(of(message)).isEqualTo(of(new DefaultMessageSourceResolvable(new String[] {"ledger.owner.unknown"},
                new Object[] {"bob"})));
        assertThat(of(message)).isNotEqualTo(of(new DefaultMessageSourceResolvable(
                new String[] {"ledger.owner.unknown"}, new Object[] {"eve"})))
                .isNotEqualTo(of(new DefaultMessageSourceResolvable(new String[] {"ledger.owner.choice"},
                        new Object[] {"bob"})))
                .isNotEqualTo(of(new DefaultMessageSourceResolvable(new String[] {"ledger.owner.unknown"},
                        new Object[] {"bob"}, "Unknown")));
        assertThat(of(new DefaultMessageSourceResolvable(new String[] {"x"}, new Object[] {new Object()})))
                .isSameAs(ModelValues.NO_VALUE);
    }
}
