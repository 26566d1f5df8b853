package konagw.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KonagwApplication {

    public static void main(String[] args) {
        EventLoopCount.defaultToOnePerCore();
        SpringApplication.run(KonagwApplication.class, args);
    }
}
