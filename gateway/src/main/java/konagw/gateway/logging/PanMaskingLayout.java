package konagw.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.LayoutBase;

/** A text layout whose every line (message, MDC, exception and stack trace included) is {@link PanMasking masked}. */
final class PanMaskingLayout extends LayoutBase<ILoggingEvent> {

    private final Layout<ILoggingEvent> delegate;

    PanMaskingLayout(Layout<ILoggingEvent> delegate) {
        this.delegate = delegate;
        setContext(delegate.getContext());
    }

    Layout<ILoggingEvent> delegate() {
        return delegate;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return PanMasking.mask(delegate.doLayout(event));
    }

    @Override
    public String getContentType() {
        return delegate.getContentType();
    }

    @Override
    public String getFileHeader() {
        return delegate.getFileHeader();
    }

    @Override
    public String getPresentationHeader() {
        return delegate.getPresentationHeader();
    }

    @Override
    public String getPresentationFooter() {
        return delegate.getPresentationFooter();
    }

    @Override
    public String getFileFooter() {
        return delegate.getFileFooter();
    }

    @Override
    public void start() {
        if (!delegate.isStarted()) {
            delegate.start();
        }
        super.start();
    }

    @Override
    public void stop() {
        delegate.stop();
        super.stop();
    }
}
