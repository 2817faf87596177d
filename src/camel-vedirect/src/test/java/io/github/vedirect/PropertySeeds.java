package io.github.vedirect;

import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyAttributes;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Makes every jqwik property of the build deterministic (registered for all of them in
 * META-INF/services/net.jqwik.api.lifecycle.LifecycleHook): a fixed seed, and the failure database ignored,
 * so a run never depends on an earlier one and a CI failure is reproduced by running the same commit again.
 * jqwik 1.9 has no configuration key for one seed for all properties, hence this hook.
 *
 * <p>{@code -Dfresh-seeds} (the Maven profile of that name) lets jqwik draw a new seed per property, replays
 * the sample of a previous failure first, and runs every property {@value #FRESH_TRIES_FACTOR} times as often.
 * {@code -Dprops.tries=N} gives every property N tries instead (a long run). A counterexample found that
 * way becomes an example test.
 */
public final class PropertySeeds implements AroundPropertyHook {

    /** The seed of every property that does not name its own. */
    public static final String FIXED_SEED = "20260101";
    static final int FRESH_TRIES_FACTOR = 10;

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public boolean appliesTo(Optional<AnnotatedElement> element) {
        return element.map(e -> e instanceof Method).orElse(false);
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        PropertyAttributes attributes = context.attributes();
        if (freshSeeds()) {
            // Properties without their own tries get jqwik.tries.default from the profile.
            attributes.tries().ifPresent(tries -> attributes.setTries(tries * FRESH_TRIES_FACTOR));
        } else {
            if (attributes.seed().isEmpty()) {
                attributes.setSeed(FIXED_SEED);
            }
            attributes.setAfterFailure(AfterFailureMode.RANDOM_SEED);
        }
        String tries = System.getProperty("props.tries", "").trim();
        // Examples are single deterministic cases: repeating them finds nothing new.
        if (!tries.isEmpty() && context.findAnnotation(Example.class).isEmpty()) {
            attributes.setTries(Integer.parseInt(tries));
        }
        return property.execute();
    }

    /** {@code -Dfresh-seeds} or {@code -Dfresh-seeds=true}; {@code -Dfresh-seeds=false} is the fixed seed. */
    public static boolean freshSeeds() {
        String value = System.getProperty("fresh-seeds");
        return value != null && !value.trim().equalsIgnoreCase("false");
    }
}
