package org.hindsight.system;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.data.domain.PageImpl;

/**
 * A page's model values as a kept body is keyed under them ({@link PageBodies}): each value reduced to its values in
 * the order a template reads them, so that two models are equal exactly when a template would render them alike.
 * Records component by component, the JDK's lists, sets and maps element by element in their order (with their
 * class), arrays as lists; strings, numbers, enums and java.time's immutable values as they are; a page of a list
 * (Spring Data's {@code PageImpl}) as its rows, position and total, and a message to be resolved
 * ({@code DefaultMessageSourceResolvable}) as its codes, arguments and default text. Anything else (an
 * entity, a lazy count, a subclass of a collection holding more than its elements) has no value equality here, and a
 * page whose model holds one is not kept. One instance per key: it counts the characters of the strings it met.
 */
final class ModelValues {

    /** What {@link #of} answers for a value without value equality. */
    static final Object NO_VALUE = new Object();

    private static final Logger log = LoggerFactory.getLogger(ModelValues.class);
    private static final Set<Class<?>> REPORTED = ConcurrentHashMap.newKeySet();
    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Method[] accessors = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
            }
            return accessors;
        }
    };

    private int weight;

    /** Characters of the strings met so far. */
    int weight() {
        return weight;
    }

    /**
     * The value as lists of its values, in the order a template would read them; {@link #NO_VALUE} for a value
     * with no value equality.
     */
    Object of(Object value) {
        if (value == null || value instanceof Boolean || value instanceof Number && isValueNumber(value)
                || value instanceof Character || value instanceof Enum<?> || value instanceof Locale
                || value instanceof UUID || isJavaTime(value)) {
            return value;
        }
        if (value instanceof String text) {
            weight += text.length();
            return text;
        }
        if (value instanceof Object[] array) {
            return of(Arrays.asList(array));
        }
        if (value instanceof Map<?, ?> map && isJdk(map)) {
            List<Object> entries = new ArrayList<>(map.size() * 2 + 1);
            entries.add(map.getClass());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object k = of(entry.getKey());
                Object v = of(entry.getValue());
                if (k == NO_VALUE || v == NO_VALUE) {
                    return NO_VALUE;
                }
                entries.add(k);
                entries.add(v);
            }
            return entries;
        }
        if (value instanceof Collection<?> collection && isJdk(collection)) {
            List<Object> elements = new ArrayList<>(collection.size() + 1);
            elements.add(collection.getClass());
            for (Object element : collection) {
                Object v = of(element);
                if (v == NO_VALUE) {
                    return NO_VALUE;
                }
                elements.add(v);
            }
            return elements;
        }
        if (value.getClass() == PageImpl.class) {
            PageImpl<?> page = (PageImpl<?>) value;
            Object rows = of(page.getContent());
            return rows == NO_VALUE ? NO_VALUE : List.of(PageImpl.class, rows, page.getNumber(), page.getSize(),
                    page.getTotalElements(), page.getSort().toString());
        }
        if (value.getClass() == DefaultMessageSourceResolvable.class) {
            DefaultMessageSourceResolvable message = (DefaultMessageSourceResolvable) value;
            Object codes = of(message.getCodes());
            Object arguments = of(message.getArguments());
            return codes == NO_VALUE || arguments == NO_VALUE ? NO_VALUE
                    : Arrays.asList(DefaultMessageSourceResolvable.class, codes, arguments,
                            of(message.getDefaultMessage()));
        }
        if (value instanceof Record) {
            Method[] accessors = ACCESSORS.get(value.getClass());
            Object[] components = new Object[accessors.length + 1];
            components[0] = value.getClass();
            for (int i = 0; i < accessors.length; i++) {
                Object v;
                try {
                    v = of(accessors[i].invoke(value));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + accessors[i], e);
                }
                if (v == NO_VALUE) {
                    return NO_VALUE;
                }
                components[i + 1] = v;
            }
            return Arrays.asList(components);
        }
        if (REPORTED.add(value.getClass())) {
            log.info("A page with a {} in its model is rendered each time, not kept: it has no value equality",
                    value.getClass().getName());
        }
        return NO_VALUE;
    }

    private static boolean isValueNumber(Object number) {
        return number instanceof Long || number instanceof Integer || number instanceof Short
                || number instanceof Byte || number instanceof Double || number instanceof Float
                || number instanceof BigDecimal || number instanceof BigInteger;
    }

    /** The immutable values of {@code java.time} (not a {@code Clock}, which is equal to another by its zone). */
    private static boolean isJavaTime(Object value) {
        return value instanceof java.time.Instant || value instanceof java.time.LocalDate
                || value instanceof java.time.LocalDateTime || value instanceof java.time.LocalTime
                || value instanceof java.time.ZonedDateTime || value instanceof java.time.OffsetDateTime
                || value instanceof java.time.Duration || value instanceof java.time.Period
                || value instanceof java.time.ZoneId || value instanceof java.time.YearMonth
                || value instanceof java.time.Year || value instanceof java.time.MonthDay;
    }

    /**
     * A collection or map of the JDK's own, which holds nothing but its elements (a subclass of ours might hold
     * more, which the key would not see).
     */
    private static boolean isJdk(Object container) {
        return container.getClass().getName().startsWith("java.");
    }
}
