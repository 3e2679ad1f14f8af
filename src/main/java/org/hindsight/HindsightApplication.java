package org.hindsight;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class HindsightApplication {

    public static void main(String[] args) {
        SpringApplication.run(HindsightApplication.class, args);
    }
}
