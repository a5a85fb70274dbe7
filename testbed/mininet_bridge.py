"""Thin glue between the testbed (C#, through Python.NET) and Mininet.

The testbed decides names, addresses and routes; this module only asks Mininet to make
nodes, switches and links, and reports the process ids that own the nodes' namespaces.
Nodes know how to run commands, switches how to join interfaces, links how to connect
nodes: all of that stays Mininet's own code.
"""

from mininet.link import Link
from mininet.log import setLogLevel
from mininet.net import Mininet
from mininet.node import Host
from mininet.nodelib import LinuxBridge


class SealedBridge(LinuxBridge):
    """A Linux bridge in a namespace of its own, out of reach of the root namespace's
    firewall: on a host where dockerd has set iptables' FORWARD policy to DROP and loaded
    br_netfilter, every frame bridged in the root namespace is dropped. The testbed turns
    bridge netfilter off inside this namespace once it is built (BridgeNetfilter)."""

    def __init__(self, name, **params):
        params['inNamespace'] = True
        super().__init__(name, **params)


class Router(Host):
    """A host that forwards IPv4: WAN routers, smart routers and user sites alike."""

    def config(self, **params):
        result = super().config(**params)
        self.cmd('sysctl -qw net.ipv4.ip_forward=1')
        return result


def create():
    """An empty network of Linux bridges with no controller, and Mininet's own addressing off."""
    setLogLevel('error')
    return Mininet(topo=None, switch=LinuxBridge, controller=None, build=False,
                   autoSetMacs=False, autoStaticArp=False, waitConnected=False)


def add_node(net, name, router):
    # ip=None: the testbed's address plan sets every address; Mininet's 10.0.0.0/8 default
    # would collide with it.
    return net.addHost(name, cls=Router if router else Host, ip=None).name


def add_switch(net, name):
    return net.addSwitch(name, cls=SealedBridge).name


def add_link(net, a, b, name_a, name_b):
    """A plain veth pair. Mininet's TCLink is not used: the testbed shapes links itself
    (netem commands it builds and checks, or its user-space emulator)."""
    link = net.addLink(a, b, cls=Link, intfName1=name_a, intfName2=name_b)
    return link.intf1.name, link.intf2.name


def start(net):
    net.build()
    for switch in net.switches:
        switch.start([])


def node_pid(net, name):
    return net.get(name).pid


def cmd(net, name, command):
    return net.get(name).cmd(command)


def stop(net):
    net.stop()
