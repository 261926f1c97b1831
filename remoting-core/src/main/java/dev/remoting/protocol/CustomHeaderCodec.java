package dev.remoting.protocol;

import dev.remoting.annotation.CFNotNull;
import dev.remoting.exception.RemotingCommandException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Moves a {@link CommandCustomHeader}'s fields to and from {@code extFields}. The field name is the wire key, as in
 * RocketMQ; unlike RocketMQ, a missing required field or an unparseable value is an error that names the field
 * instead of a log line and a silently defaulted field.
 */
final class CustomHeaderCodec {

    private static final ClassValue<HeaderType> TYPES = new ClassValue<>() {
        @Override
        protected HeaderType computeValue(Class<?> type) {
            return HeaderType.of(type);
        }
    };

    private CustomHeaderCodec() {
    }

    static void encode(CommandCustomHeader header, Map<String, @Nullable String> extFields) {
        for (HeaderField field : TYPES.get(header.getClass()).fields) {
            Object value = field.get(header);
            if (value != null) {
                extFields.put(field.name, value instanceof Enum<?> e ? e.name() : value.toString());
            }
        }
    }

    /** A new, empty header: no required-field check and no {@code checkFields()}, since nothing is set yet. */
    static <T extends CommandCustomHeader> T newInstance(Class<T> type) throws RemotingCommandException {
        return type.cast(TYPES.get(type).newInstance());
    }

    static <T extends CommandCustomHeader> T decode(@Nullable Map<String, ? extends @Nullable String> extFields,
            Class<T> type)
            throws RemotingCommandException {
        HeaderType headerType = TYPES.get(type);
        T header = type.cast(headerType.newInstance());
        for (HeaderField field : headerType.fields) {
            String text = extFields == null ? null : extFields.get(field.name);
            if (text == null) {
                if (field.required) {
                    throw new RemotingCommandException("the custom field <" + field.name + "> is null");
                }
                continue;
            }
            field.set(header, text);
        }
        header.checkFields();
        return header;
    }

    /** The cached reflective view of one header class. */
    private static final class HeaderType {

        private final Class<?> type;
        private final @Nullable Constructor<?> constructor;
        private final HeaderField[] fields;

        private HeaderType(Class<?> type, @Nullable Constructor<?> constructor, HeaderField[] fields) {
            this.type = type;
            this.constructor = constructor;
            this.fields = fields;
        }

        static HeaderType of(Class<?> type) {
            List<HeaderField> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    // "this$0"-style names are synthetic references to an enclosing instance, never header data.
                    if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()
                            || field.getName().startsWith("this")) {
                        continue;
                    }
                    field.setAccessible(true);
                    fields.add(new HeaderField(field));
                }
            }
            Constructor<?> constructor;
            try {
                constructor = type.getDeclaredConstructor();
                constructor.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                constructor = null;
            }
            return new HeaderType(type, constructor, fields.toArray(new HeaderField[0]));
        }

        Object newInstance() throws RemotingCommandException {
            if (constructor == null) {
                throw new RemotingCommandException(
                        "custom header " + type.getName() + " has no accessible no-argument constructor");
            }
            try {
                return constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new RemotingCommandException("cannot instantiate custom header " + type.getName(), e);
            }
        }
    }

    /** One header field: its wire key, whether it is required, and how its text is parsed. */
    private static final class HeaderField {

        private final Field field;
        private final String name;
        private final boolean required;

        HeaderField(Field field) {
            this.field = field;
            this.name = field.getName();
            this.required = field.isAnnotationPresent(CFNotNull.class);
        }

        @Nullable Object get(Object header) {
            try {
                return field.get(header);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read header field " + name, e);
            }
        }

        void set(Object header, String text) throws RemotingCommandException {
            Object value;
            try {
                value = field.getType() == String.class ? text : parse(field.getType(), text.trim());
            } catch (IllegalArgumentException e) {
                throw new RemotingCommandException("the custom field <" + name + "> has an unparseable value '"
                        + text + "' for type " + field.getType().getSimpleName(), e);
            }
            try {
                field.set(header, value);
            } catch (IllegalAccessException e) {
                throw new RemotingCommandException("cannot set the custom field <" + name + ">", e);
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Object parse(Class<?> type, String text) throws RemotingCommandException {
            if (type == int.class || type == Integer.class) {
                return Integer.parseInt(text);
            }
            if (type == long.class || type == Long.class) {
                return Long.parseLong(text);
            }
            if (type == double.class || type == Double.class) {
                return Double.parseDouble(text);
            }
            if (type == boolean.class || type == Boolean.class) {
                if ("true".equalsIgnoreCase(text)) {
                    return Boolean.TRUE;
                }
                if ("false".equalsIgnoreCase(text)) {
                    return Boolean.FALSE;
                }
                throw new IllegalArgumentException("not a boolean");
            }
            if (type == short.class || type == Short.class) {
                return Short.parseShort(text);
            }
            if (type == byte.class || type == Byte.class) {
                return Byte.parseByte(text);
            }
            if (type == float.class || type == Float.class) {
                return Float.parseFloat(text);
            }
            if (type.isEnum()) {
                return Enum.valueOf((Class<Enum>) type, text);
            }
            throw new RemotingCommandException(
                    "the custom field <" + name + "> has unsupported type " + type.getName());
        }
    }
}
