package org.hindsight.timeline;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an event's few key-moment tags in one column, comma-separated ({@code START,IMPACT_DETECTED}). */
@Converter
class KeyMomentsConverter implements AttributeConverter<Set<KeyMoment>, String> {

    @Override
    public String convertToDatabaseColumn(Set<KeyMoment> moments) {
        return moments == null || moments.isEmpty() ? null
                : moments.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    @Override
    public Set<KeyMoment> convertToEntityAttribute(String column) {
        EnumSet<KeyMoment> moments = EnumSet.noneOf(KeyMoment.class);
        if (column != null && !column.isBlank()) {
            Arrays.stream(column.split(",")).map(String::trim).map(KeyMoment::valueOf).forEach(moments::add);
        }
        return moments;
    }
}
