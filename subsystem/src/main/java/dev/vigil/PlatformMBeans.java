package dev.vigil;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;

import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanRegistrationException;
import javax.management.MalformedObjectNameException;
import javax.management.NotificationEmitter;
import javax.management.ObjectName;
import javax.management.StandardEmitterMBean;

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

    /**
     * Registers an MXBean that sends notifications, with its operations' parameters named as in its interface (JConsole
     * shows {@code groupBy}, not {@code p0}; the classes are compiled with {@code -parameters}).
     */
    public static <T extends NotificationEmitter> void register(T mbean, Class<? super T> mxbeanInterface, ObjectName name) throws JMException {
        @SuppressWarnings("unchecked")
        Class<Object> type = (Class<Object>) mxbeanInterface;
        StandardEmitterMBean named = new StandardEmitterMBean(mbean, type, true, mbean) {
            @Override
            protected String getParameterName(MBeanOperationInfo operation, MBeanParameterInfo parameter, int sequence) {
                for (Method method : mxbeanInterface.getMethods()) {
                    if (method.getName().equals(operation.getName()) && method.getParameterCount() == operation.getSignature().length
                            && method.getParameters()[sequence].isNamePresent()) {
                        return method.getParameters()[sequence].getName();
                    }
                }
                return super.getParameterName(operation, parameter, sequence);
            }
        };
        ManagementFactory.getPlatformMBeanServer().registerMBean(named, name);
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
