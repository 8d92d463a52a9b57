package dev.vigil;

import java.lang.management.ManagementFactory;

import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanRegistrationException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** Vigil's MBeans in the platform MBeanServer, where JConsole, Jolokia and WildFly's remote JMX find them. */
public final class PlatformMBeans {

    /** A name Vigil writes itself, so a malformed one is a bug. */
    public static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static void register(Object mbean, ObjectName name) throws JMException {
        ManagementFactory.getPlatformMBeanServer().registerMBean(mbean, name);
    }

    /** Unregisters, if registered: stopping twice, or after a failed start, is harmless. */
    public static void unregister(ObjectName name) {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (InstanceNotFoundException | MBeanRegistrationException e) {
            // never registered, or already gone
        }
    }

    private PlatformMBeans() {
    }
}
