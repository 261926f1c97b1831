package dev.remoting.spring.boot.autoconfigure.aot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.remoting.annotation.Body;
import dev.remoting.annotation.CFNotNull;
import dev.remoting.NettyRequestProcessor;
import dev.remoting.protocol.CommandCustomHeader;
import dev.remoting.protocol.RemotingCommand;
import dev.remoting.spring.annotation.RequestCodeHandler;
import dev.remoting.spring.annotation.RequestCodeHandler.Side;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.GenerationContext;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The reflection hints contributed for {@link RequestCodeHandler} beans, checked as a native image would need them:
 * the handler's annotations readable, its methods invocable, its headers instantiable and their fields accessible.
 */
class RequestCodeHandlerAotProcessorTests {

    private static final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

    @Test
    void aClassStyleHandlerIsRegisteredForReflection() {
        RuntimeHints hints = hintsFor(SendProcessor.class);

        assertThat(reflection.onType(SendProcessor.class)).accepts(hints);
    }

    @Test
    void aHandlerMethodIsInvocableAndItsHeaderParameterAndReturnTypesAreInstantiableAndFilled() throws Exception {
        RuntimeHints hints = hintsFor(PullHandlers.class);

        assertThat(reflection.onType(PullHandlers.class)).accepts(hints);
        assertThat(reflection.onMethodInvocation(PullHandlers.class.getDeclaredMethod("pull",
                PullRequestHeader.class, RemotingCommand.class, Channel.class))).accepts(hints);
        assertHeaderHints(hints, PullRequestHeader.class);
        assertHeaderHints(hints, PullResponseHeader.class);
        assertThat(reflection.onMethodInvocation(PullHandlers.class, "helper")).rejects(hints);
    }

    @Test
    void theFieldsOfAHeadersSuperclassesAreAccessibleToo() throws Exception {
        RuntimeHints hints = hintsFor(PullHandlers.class);

        assertThat(reflection.onFieldAccess(TopicHeader.class.getDeclaredField("topic"))).accepts(hints);
    }

    @Test
    void aClientSideHandlerMethodIsRegisteredLikeAServerSideOne() throws Exception {
        RuntimeHints hints = hintsFor(ConsumerCallbacks.class);

        assertThat(reflection.onMethodInvocation(ConsumerCallbacks.class.getDeclaredMethod("idsChanged",
                NotifyHeader.class, byte[].class))).accepts(hints);
        assertHeaderHints(hints, NotifyHeader.class);
    }

    @Test
    void typedBodyParametersAndResultsGetBindingHintsForTheCodecElementTypesIncluded() throws Exception {
        RuntimeHints hints = hintsFor(TypedBodyHandlers.class);

        for (Class<?> body : List.of(Item.class, Receipt.class, Line.class)) {
            assertThat(reflection.onType(body)).as(body.getSimpleName()).accepts(hints);
            assertThat(reflection.onMethodInvocation(body, "getName")).as(body.getSimpleName()).accepts(hints);
            assertThat(reflection.onMethodInvocation(body, "setName")).as(body.getSimpleName()).accepts(hints);
        }
        assertThat(reflection.onType(NotABody.class)).rejects(hints);
    }

    @Test
    void aHeaderInAFutureIsInstantiableAndFilledLikeAReturnedOne() throws Exception {
        RuntimeHints hints = hintsFor(TypedBodyHandlers.class);

        assertHeaderHints(hints, PullResponseHeader.class);
    }

    @Test
    void aBeanWithoutHandlersContributesNothing() {
        assertThat(new RequestCodeHandlerAotProcessor().processAheadOfTime(registeredBean(NotAHandler.class)))
                .isNull();
    }

    @Test
    void aHandlerDeclaredByABeanMethodIsFoundThroughTheMethodsReturnType() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.register(HandlerConfiguration.class);
            context.refreshForAotProcessing(new RuntimeHints());

            RuntimeHints hints = hintsFor(RegisteredBean.of(context.getBeanFactory(), "pullHandlers"));

            assertThat(reflection.onMethodInvocation(PullHandlers.class, "pull")).accepts(hints);
        }
    }

    @Test
    void theProcessorIsRegisteredForAheadOfTimeProcessing() {
        assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
                .hasAtLeastOneElementOfType(RequestCodeHandlerAotProcessor.class);
    }

    /** What CustomHeaderCodec needs: the declared no-argument constructor and every instance field up to Object. */
    private static void assertHeaderHints(RuntimeHints hints, Class<?> header) throws NoSuchMethodException {
        assertThat(reflection.onConstructorInvocation(header.getDeclaredConstructor())).accepts(hints);
        for (Class<?> type = header; type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                    assertThat(reflection.onFieldAccess(field)).as(field.toString()).accepts(hints);
                }
            }
        }
    }

    private static RuntimeHints hintsFor(Class<?> beanClass) {
        return hintsFor(registeredBean(beanClass));
    }

    private static RuntimeHints hintsFor(RegisteredBean bean) {
        BeanRegistrationAotContribution contribution = new RequestCodeHandlerAotProcessor().processAheadOfTime(bean);
        assertThat(contribution).isNotNull();
        RuntimeHints hints = new RuntimeHints();
        GenerationContext generationContext = mock(GenerationContext.class);
        given(generationContext.getRuntimeHints()).willReturn(hints);
        contribution.applyTo(generationContext, mock(BeanRegistrationCode.class));
        return hints;
    }

    private static RegisteredBean registeredBean(Class<?> beanClass) {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("bean", new RootBeanDefinition(beanClass));
        return RegisteredBean.of(beanFactory, "bean");
    }

    @Configuration(proxyBeanMethods = false)
    static class HandlerConfiguration {

        @Bean
        PullHandlers pullHandlers() {
            return new PullHandlers();
        }
    }

    @RequestCodeHandler(code = 10)
    static class SendProcessor implements NettyRequestProcessor {

        @Override
        public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
            return null;
        }
    }

    static class PullHandlers {

        @RequestCodeHandler(code = 11, executor = "pull")
        PullResponseHeader pull(PullRequestHeader header, RemotingCommand request, Channel channel) {
            return new PullResponseHeader();
        }

        void helper(PullRequestHeader header) {
        }
    }

    static class ConsumerCallbacks {

        @RequestCodeHandler(code = 40, side = Side.CLIENT)
        void idsChanged(NotifyHeader header, byte[] body) {
        }
    }

    static class TypedBodyHandlers {

        @RequestCodeHandler(code = 60)
        CompletableFuture<Receipt> buy(@Body Item item, byte[] raw) {
            return CompletableFuture.completedFuture(new Receipt());
        }

        @RequestCodeHandler(code = 61)
        void lines(@Body List<Line> lines) {
        }

        @RequestCodeHandler(code = 62)
        CompletableFuture<PullResponseHeader> later(@Body ByteBuffer body) {
            return CompletableFuture.completedFuture(new PullResponseHeader());
        }

        void helper(NotABody ignored) {
        }
    }

    /** A JavaBean, as RocketMQ's bodies are: Jackson calls its constructor, getters and setters. */
    static class Named {

        private String name;

        public String getName() {
            return this.name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    static class Item extends Named {
    }

    static class Receipt extends Named {
    }

    static class Line extends Named {
    }

    static class NotABody extends Named {
    }

    static class NotAHandler {

        RemotingCommand handle(PullRequestHeader header) {
            return null;
        }
    }

    abstract static class TopicHeader implements CommandCustomHeader {

        @CFNotNull
        private String topic;

        @Override
        public void checkFields() {
        }
    }

    static final class PullRequestHeader extends TopicHeader {

        private static final long DEFAULT_OFFSET = 0;

        private int queueId;

        private Long offset = DEFAULT_OFFSET;

        // Private on purpose: the codec instantiates headers through their declared constructor.
        private PullRequestHeader() {
        }
    }

    static final class PullResponseHeader implements CommandCustomHeader {

        private long nextBeginOffset;

        @Override
        public void checkFields() {
        }
    }

    static final class NotifyHeader implements CommandCustomHeader {

        private String consumerGroup;

        @Override
        public void checkFields() {
        }
    }
}
