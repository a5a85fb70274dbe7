"""Thin glue between the testbed (C#, through Python.NET) and Mininet.

The testbed decides names, addresses and routes; this module only asks Mininet to make
nodes, switches and links, and reports the process ids that own the nodes' namespaces.
Nodes know how to run commands, switches how to join interfaces, links how to connect
nodes: all of that stays Mininet's own code.
"""

from mininet.link import Link, TCLink
from mininet.log import setLogLevel
from mininet.net import Mininet
from mininet.node import Host
from mininet.nodelib import LinuxBridge


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
    return net.addSwitch(name, cls=LinuxBridge).name


def add_link(net, a, b, name_a, name_b, shaped, delay_ms, jitter_ms, loss_pct, bandwidth_mbps, queue_packets):
    """A veth pair; when `shaped`, with Mininet's TCLink (netem plus htb) doing the emulation."""
    if not shaped:
        link = net.addLink(a, b, cls=Link, intfName1=name_a, intfName2=name_b)
    else:
        params = {'delay': '%.6fms' % delay_ms, 'max_queue_size': queue_packets}
        if jitter_ms > 0:
            params['jitter'] = '%.6fms' % jitter_ms
        if loss_pct > 0:
            params['loss'] = loss_pct
        if bandwidth_mbps > 0:
            params['bw'] = bandwidth_mbps
        link = net.addLink(a, b, cls=TCLink, intfName1=name_a, intfName2=name_b, **params)
    return link.intf1.name, link.intf2.name


def start(net):
    net.build()
    for switch in net.switches:
        switch.start([])


def node_pid(net, name):
    return net.get(name).pid


def cmd(net, name, command):
    return net.get(name).cmd(command)


def set_link(net, a, b, delay_ms, jitter_ms, loss_pct, bandwidth_mbps, queue_packets):
    """Change a TCLink in place on both ends with `tc ... change`, never by rebuilding its
    qdiscs (which drops queued packets and briefly leaves the link unshaped). The handles
    are the ones TCLink gives: htb 5:0 with class 5:1 when there is a rate, netem 10:."""
    netem = 'delay %.6fms' % delay_ms
    if jitter_ms > 0:
        netem += ' %.6fms' % jitter_ms
    netem += ' loss %.6f%% limit %d' % (loss_pct, queue_packets)
    for link in net.linksBetween(net.get(a), net.get(b)):
        for intf in (link.intf1, link.intf2):
            shaped_rate = 'htb' in intf.tc('%s qdisc show dev %s root')
            parent = 'parent 5:1' if shaped_rate else 'root'
            errors = intf.tc('%s qdisc change dev %s ' + parent + ' handle 10: netem ' + netem)
            if shaped_rate and bandwidth_mbps > 0:
                errors += intf.tc('%s class change dev %s parent 5:0 classid 5:1 htb rate ' + '%.6fMbit burst 15k' % bandwidth_mbps)
            if errors.strip():
                raise RuntimeError('tc on %s: %s' % (intf.name, errors.strip()))


def stop(net):
    net.stop()
