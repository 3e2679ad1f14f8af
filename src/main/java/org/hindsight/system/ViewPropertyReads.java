package org.hindsight.system;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypedValue;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;
import org.thymeleaf.IEngineConfiguration;
import org.thymeleaf.context.IContext;
import org.thymeleaf.context.IEngineContext;
import org.thymeleaf.context.IEngineContextFactory;
import org.thymeleaf.context.StandardEngineContextFactory;
import org.thymeleaf.engine.TemplateData;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;

/**
 * Templates read the application's own view objects ({@code ${row.title}}) through one accessor that remembers, per
 * class and property, the method to call. Spring's SpEL keeps the accessor a property node last used only while the
 * evaluation context lists that very accessor; Thymeleaf's reflective accessor hands out a new one for every read,
 * so without this every property of every row looked its method up again through three caches (profiled: about 10 %
 * of a list page's CPU). Only classes of this application ({@code org.hindsight.}) are read here, and only their
 * public getters ({@code getX}, {@code isX}) and record-style accessors ({@code x()}); anything else (a map, a JDK or
 * library type, a field, a name with no such method) is left to Thymeleaf's accessors, which keep their restrictions.
 */
@Configuration(proxyBeanMethods = false)
class ViewPropertyReads {

    /** A property's method and its type, found once per class and name. */
    private record Reader(Method method, TypeDescriptor type) {
    }

    static final class ViewPropertyAccessor implements PropertyAccessor {

        static final ViewPropertyAccessor INSTANCE = new ViewPropertyAccessor();

        private static final String OWN_PACKAGE = "org.hindsight.";

        private final ClassValue<Map<String, Optional<Reader>>> readers = new ClassValue<>() {
            @Override
            protected Map<String, Optional<Reader>> computeValue(Class<?> type) {
                return new ConcurrentHashMap<>();
            }
        };

        private ViewPropertyAccessor() {
        }

        @Override
        public Class<?>[] getSpecificTargetClasses() {
            return null; // any class: canRead says which
        }

        @Override
        public boolean canRead(EvaluationContext context, Object target, String name) {
            return reader(target, name) != null;
        }

        @Override
        public TypedValue read(EvaluationContext context, Object target, String name) throws AccessException {
            Reader reader = reader(target, name);
            if (reader == null) {
                // a property node remembers its accessor: a later target of another class is for the others
                throw new AccessException("Not a property of an application view object: " + name);
            }
            try {
                return new TypedValue(reader.method().invoke(target), reader.type());
            } catch (ReflectiveOperationException e) {
                throw new AccessException("Unable to read property '" + name + "'", e);
            }
        }

        @Override
        public boolean canWrite(EvaluationContext context, Object target, String name) {
            return false;
        }

        @Override
        public void write(EvaluationContext context, Object target, String name, Object newValue)
                throws AccessException {
            throw new AccessException("Templates do not write properties");
        }

        private Reader reader(Object target, String name) {
            if (target == null || target instanceof Map || target instanceof Class
                    || !target.getClass().getName().startsWith(OWN_PACKAGE)) {
                return null;
            }
            return readers.get(target.getClass()).computeIfAbsent(name, n -> find(target.getClass(), n)).orElse(null);
        }

        /** As Spring's reflective accessor looks for them: getX, then isX (a boolean), then x(). */
        private static Optional<Reader> find(Class<?> type, String name) {
            if (name.isEmpty()) {
                return Optional.empty();
            }
            String suffix = StringUtils.capitalize(name);
            Method method = getter(type, "get" + suffix, false);
            if (method == null) {
                method = getter(type, "is" + suffix, true);
            }
            if (method == null) {
                method = getter(type, name, false);
            }
            if (method == null) {
                return Optional.empty();
            }
            ReflectionUtils.makeAccessible(method); // records and views may be package-private
            return Optional.of(new Reader(method, new TypeDescriptor(new MethodParameter(method, -1))));
        }

        private static Method getter(Class<?> type, String name, boolean onlyBoolean) {
            try {
                Method method = type.getMethod(name);
                boolean bool = method.getReturnType() == boolean.class || method.getReturnType() == Boolean.class;
                return Modifier.isStatic(method.getModifiers()) || method.getReturnType() == void.class
                        || (onlyBoolean && !bool) ? null : method;
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    }

    /** Every template's evaluation context (one per page view) lists the accessor, ahead of the reflective one. */
    static final class WithViewPropertyAccessor implements IEngineContextFactory {

        private final IEngineContextFactory delegate;

        WithViewPropertyAccessor(IEngineContextFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public IEngineContext createEngineContext(IEngineConfiguration configuration, TemplateData templateData,
                Map<String, Object> templateResolutionAttributes, IContext context) {
            IEngineContext engineContext = delegate.createEngineContext(configuration, templateData,
                    templateResolutionAttributes, context);
            if (engineContext.getVariable(ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME)
                    instanceof StandardEvaluationContext evaluation
                    && !evaluation.getPropertyAccessors().contains(ViewPropertyAccessor.INSTANCE)) {
                evaluation.addPropertyAccessor(ViewPropertyAccessor.INSTANCE);
            }
            return engineContext;
        }
    }

    @Bean
    static BeanPostProcessor viewPropertyReadsInTemplates() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof SpringTemplateEngine engine) {
                    engine.setEngineContextFactory(new WithViewPropertyAccessor(new StandardEngineContextFactory()));
                }
                return bean;
            }
        };
    }
}
