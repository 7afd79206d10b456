import os,sys,time,subprocess,collections,re
cmd=sys.argv[1:]
p=subprocess.Popen(cmd,stdout=subprocess.DEVNULL,stderr=subprocess.PIPE)
last={}
while p.poll() is None:
    try:
        for t in os.listdir(f'/proc/{p.pid}/task'):
            try:
                s=open(f'/proc/{p.pid}/task/{t}/stat').read()
                name=s[s.index('(')+1:s.rindex(')')]
                f=s[s.rindex(')')+2:].split()
                last[t]=(name,int(f[11])+int(f[12]))
            except Exception: pass
    except Exception: pass
    time.sleep(0.1)
err=p.stderr.read().decode()
for l in err.splitlines():
    if 'images/s' in l: print(l)
agg=collections.Counter(); cnt=collections.Counter()
for t,(n,c) in last.items(): k=re.sub(r"[-#]?\d+$","",n); agg[k]+=c; cnt[k]+=1
tot=sum(agg.values())
print('total cpu s %.2f'%(tot/100))
for n,c in agg.most_common(15): print("%-22s %6.2f s %d threads"%(n,c/100,cnt[n]))
