package dev.remoting.spring.boot.autoconfigure.handler;

import static org.mockito.Mockito.mock;

import dev.remoting.NettyRequestProcessor;
import dev.remoting.spring.annotation.RequestCodeHandler;
import dev.remoting.spring.annotation.RequestCodeHandler.Side;
import java.lang.reflect.Method;
import java.util.Map;

/** Handlers as discovery would have found them, on the bean "fixtures", without an application context. */
final class HandlerFixtures {

    private static final Map<Method, RequestCodeHandler> ANNOTATIONS = HandlerAnnotations.onMethods(Methods.class);

    private HandlerFixtures() {
    }

    /** The handler of the method of that name below, not yet registered. */
    static HandlerRegistration method(String name) {
        Map.Entry<Method, RequestCodeHandler> entry = ANNOTATIONS.entrySet().stream()
                .filter(e -> e.getKey().getName().equals(name)).findFirst().orElseThrow();
        return new HandlerRegistration(entry.getValue(), mock(NettyRequestProcessor.class),
                "method 'fixtures#" + name + "'", "fixtures", name);
    }

    static class Methods {

        @RequestCodeHandler(code = {10, 11}, executor = "send")
        void send() {
        }

        @RequestCodeHandler(code = 10)
        void alsoTen() {
        }

        @RequestCodeHandler(code = 10, side = Side.CLIENT)
        void tenOnClient() {
        }

        @RequestCodeHandler(code = 20, side = Side.BOTH)
        void both() {
        }

        @RequestCodeHandler(code = {})
        void noCode() {
        }
    }
}
