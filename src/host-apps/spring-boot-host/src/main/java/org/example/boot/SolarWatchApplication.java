package org.example.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SolarWatchApplication {

    public static void main(String[] args) {
        SpringApplication.run(SolarWatchApplication.class, args);
    }
}
