package dev.steward.testsupport.lab;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lab pieces a test class (or one test method) drives. Before the first test, {@link Lab}
 * starts each piece that is not yet started in this JVM; a piece that needs root while the tests
 * run without it makes the tests skipped, with one line saying so.
 *
 * <pre>{@code
 * @RequiresLab(LabService.SSHD)
 * class OpenSshIT { ... Lab.properties(LabService.SSHD).getProperty("port") ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(Lab.class)
public @interface RequiresLab {
  LabService[] value();
}
